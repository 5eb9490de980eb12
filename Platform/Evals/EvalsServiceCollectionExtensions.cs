using AiNative.Platform.Evals.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Evals;

/// <summary>Registers the Evals services.</summary>
public static class EvalsServiceCollectionExtensions
{
    /// <summary>Folder of the catalog that holds eval suites.</summary>
    public const string CatalogFolder = "evals";

    /// <summary>
    /// Adds <see cref="EvalCatalog"/> (suites from <c>{catalog}/evals</c>, validated when the host starts) and
    /// <see cref="EvalService"/>, which needs the model plane's <c>IModelGateway</c>.
    /// </summary>
    public static IServiceCollection AddEvals(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(sp => EvalCatalog.Load(
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory(), CatalogFolder)));
        services.TryAddSingleton<EvalService>();
        services.AddHostedService<EvalCatalogStartupCheck>();
        return services;
    }
}
