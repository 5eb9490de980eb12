using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.ModelPlane;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiNative.Platform.Tests.Evals;

public sealed class EvalsRegistrationTests : IDisposable
{
    private readonly EvalTestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    private List<ServiceDescriptor> _registrations = [];

    private IHost Host()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["AiNative:CatalogDirectory"] = _catalog.Root,
        });
        builder.Services.AddLogging();
        builder.Services.AddAiNativePlatform(builder.Configuration);
        builder.Services.RemoveAll<IModelGateway>();
        builder.Services.AddSingleton<IModelGateway>(new ScriptedModelGateway(r => ScriptedModelGateway.Text(r, "")));
        _registrations = [.. builder.Services];
        return builder.Build();
    }

    [Fact]
    public void Resolves_the_eval_service_over_the_configured_catalog()
    {
        _catalog.Write("mini.yaml", EvalTestCatalog.MiniSuite);
        using var host = Host();

        var service = host.Services.GetRequiredService<EvalService>();

        Assert.Equal(["mini"], service.SuiteIds);
        Assert.Equal(_catalog.EvalsDirectory, Path.GetDirectoryName(service.GetSuite("mini").SourceFile));
    }

    [Fact]
    public async Task Fails_the_start_up_check_naming_the_file_when_a_suite_is_invalid()
    {
        _catalog.Write("bad.yaml", EvalTestCatalog.MiniSuite.Replace("type: exact", "type: fuzzy", StringComparison.Ordinal));
        using var host = Host();

        // Only the evals check is built and started: other planes' hosted services need storage and a model registry
        // this test does not provide (resolving them all would build them).
        Assert.Contains(_registrations, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(EvalCatalogStartupCheck));
        var check = ActivatorUtilities.CreateInstance<EvalCatalogStartupCheck>(host.Services);

        var error = await Assert.ThrowsAsync<EvalCatalogException>(() => check.StartAsync(CancellationToken.None));

        Assert.Contains("bad.yaml: scorers[0].type", error.Message, StringComparison.Ordinal);
    }
}
