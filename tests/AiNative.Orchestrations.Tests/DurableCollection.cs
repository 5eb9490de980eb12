namespace AiNative.Orchestrations.Tests;

/// <summary>One durable test host (and Azurite) shared by every orchestration test class.</summary>
[CollectionDefinition(Name)]
public sealed class DurableCollection : ICollectionFixture<DurableHostFixture>
{
    public const string Name = "durable";
}
