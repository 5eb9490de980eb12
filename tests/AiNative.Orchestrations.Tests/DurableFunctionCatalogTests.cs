using AiNative.Orchestrations.Hosting;

namespace AiNative.Orchestrations.Tests;

public sealed class DurableFunctionCatalogTests
{
    [Fact]
    public void Finds_orchestrators_and_activities_with_their_input_types()
    {
        var all = DurableFunctionCatalog.All;

        Assert.NotEmpty(all);
        Assert.All(all, f => Assert.False(string.IsNullOrWhiteSpace(f.Name)));
        Assert.Equal(all.Count, all.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
