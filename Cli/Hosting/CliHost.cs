using AiNative.Platform;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.ModelPlane;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Cli.Hosting;

/// <summary>
/// The platform's services for one command, built from environment variables (<c>Models__Provider</c>, ...) and the
/// command's options. No host is started, so no hosted service (queue listener, storage warm-up) runs.
/// </summary>
public sealed class CliHost(Action<IServiceCollection>? configureServices)
{
    /// <summary>The platform's services with the catalog at <paramref name="catalogDirectory"/> (else the configured or default one).</summary>
    /// <exception cref="CliUsageException">A setting is missing or invalid.</exception>
    public ServiceProvider Build(string? catalogDirectory)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var overrides = new Dictionary<string, string?>();
        if (ResolveCatalog(catalogDirectory, configuration) is { } catalog)
        {
            overrides[$"{PlatformOptions.Section}:{nameof(PlatformOptions.CatalogDirectory)}"] = catalog;
        }

        var merged = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(merged);
        services.AddLogging(logging => logging
            .AddConfiguration(merged.GetSection("Logging"))
            .SetMinimumLevel(LogLevel.Error)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        // Only what evals need: no storage, approvals or knowledge store settings are required to run a suite.
        services.AddAiNativePlatformCore(merged).AddModelPlane(merged).AddEvals(merged);
        configureServices?.Invoke(services);

        var provider = services.BuildServiceProvider();
        try
        {
            // What host start-up would check: options marked ValidateOnStart, then the eval catalog itself.
            provider.GetService<IStartupValidator>()?.Validate();
            return provider;
        }
        catch (OptionsValidationException e)
        {
            provider.Dispose();
            throw new CliUsageException($"invalid configuration: {string.Join("; ", e.Failures)}", e);
        }
    }

    /// <summary>The folder suites are read from.</summary>
    public static string EvalsDirectory(IServiceProvider services) =>
        Path.Combine(services.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory(), EvalsServiceCollectionExtensions.CatalogFolder);

    /// <summary>The eval catalog, or a usage error listing every invalid file and field.</summary>
    public static EvalCatalog GetEvalCatalog(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<EvalCatalog>();
        }
        catch (EvalCatalogException e)
        {
            throw new CliUsageException(e.Message, e);
        }
        catch (OptionsValidationException e)
        {
            throw new CliUsageException($"invalid configuration: {string.Join("; ", e.Failures)}", e);
        }
    }

    /// <summary>The eval service, or a usage error that says what is wrong with the catalog or the model configuration.</summary>
    public static EvalService GetEvalService(IServiceProvider services)
    {
        _ = GetEvalCatalog(services);
        if (services.GetService<IModelGateway>() is null)
        {
            throw new CliUsageException(
                $"no model gateway is registered: configure the model plane (section '{ModelOptions.Section}', e.g. {ModelOptions.Section}__Provider).");
        }

        try
        {
            return services.GetRequiredService<EvalService>();
        }
        catch (OptionsValidationException e)
        {
            throw new CliUsageException($"invalid configuration: {string.Join("; ", e.Failures)}", e);
        }
    }

    private static string? ResolveCatalog(string? explicitDirectory, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return Directory.Exists(explicitDirectory)
                ? Path.GetFullPath(explicitDirectory)
                : throw new CliUsageException($"catalog directory '{explicitDirectory}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(configuration[$"{PlatformOptions.Section}:{nameof(PlatformOptions.CatalogDirectory)}"]))
        {
            return null;
        }

        // Next to the app when published; from a clone (dotnet run), the working directory's catalog.
        var local = Path.Combine(Directory.GetCurrentDirectory(), "catalog");
        return !Directory.Exists(Path.Combine(AppContext.BaseDirectory, "catalog")) && Directory.Exists(local) ? local : null;
    }
}
