using AiNative.Platform.Governance.Gateway;
using AiNative.Platform.ModelPlane.Caching;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Embeddings;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using AiNative.Platform.Storage;
using AiNative.Platform.ModelPlane.Local;
using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.ModelPlane.Providers;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane;

/// <summary>Registers the ModelPlane services.</summary>
public static class ModelPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ModelOptions"/> (validated at start), <see cref="PromptRegistry"/>, <see cref="TokenCounter"/>,
    /// the <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> pipelines and <see cref="IModelGateway"/>,
    /// plus a hosted service that loads the prompt catalog when the host starts so a bad file stops start-up.
    /// </summary>
    public static IServiceCollection AddModelPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ModelOptions>()
            .Bind(configuration.GetSection(ModelOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCounter>();
        services.TryAddSingleton(sp => new MiniLmEmbeddingGenerator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => PromptRegistry.LoadFromDirectory(
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory(), "prompts")));

        services.AddOptions<ResilienceOptions>().Bind(configuration.GetSection(ResilienceOptions.Section));
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section));
        services.TryAddSingleton(sp => ModelRegistry.Load(
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory(), ModelRegistry.FileName),
            configuration,
            sp.GetRequiredService<IOptions<ModelOptions>>().Value));
        services.TryAddSingleton<LatencyTracker>();
        services.TryAddSingleton<RateLimits>();
        services.TryAddSingleton(sp => new TokenBudgets(
            sp.GetRequiredService<IOptions<GatewayOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            // Shared across instances through Azure Table when storage is configured; per instance otherwise.
            configuration[StorageAccount.ConnectionSetting] is { Length: > 0 } && sp.GetRequiredService<IOptions<GatewayOptions>>().Value.SharedBudgets && sp.GetService<StorageAccount>() is { } account
                ? new TokenBudgetLedger(account)
                : null,
            sp.GetRequiredService<ILogger<TokenBudgets>>()));
        services.TryAddSingleton<ModelRouter>();
        services.TryAddSingleton(sp => new LocalChatClient(
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<TokenCounter>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ModelClientPool(
            model => ModelClientFactory.CreateChatClient(model, sp.GetRequiredService<LocalChatClient>, sp.GetRequiredService<IOptions<ModelOptions>>().Value.AzureApiVersion),
            sp.GetRequiredService<IOptions<ResilienceOptions>>(),
            sp.GetRequiredService<LatencyTracker>(),
            sp.GetRequiredService<RateLimits>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelClientPool>>()));
        services.TryAddSingleton(sp => new EmbeddingClientPool(
            model => ModelClientFactory.CreateEmbeddingGenerator(model, sp.GetRequiredService<MiniLmEmbeddingGenerator>, sp.GetRequiredService<IOptions<ModelOptions>>().Value.AzureApiVersion),
            sp.GetRequiredService<IOptions<ResilienceOptions>>(),
            sp.GetRequiredService<IOptions<GatewayOptions>>(),
            sp.GetRequiredService<RateLimits>(),
            sp.GetRequiredService<TokenCounter>(),
            sp.GetRequiredService<GatewayCache>,
            async (model, cancellationToken) =>
            {
                var generations = sp.GetRequiredService<CacheGenerations>();
                await generations.RefreshIfStaleAsync(cancellationToken).ConfigureAwait(false);
                return $"{model}/g{generations.Current(CacheGenerations.ModelScope(model))}";
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EmbeddingClientPool>>()));
        services.TryAddSingleton(sp =>
        {
            var pool = sp.GetRequiredService<ModelClientPool>();
            var embeddingPool = sp.GetRequiredService<EmbeddingClientPool>();
            var metrics = new GatewayMetrics(() => pool.Breakers.Concat(embeddingPool.Breakers));
            pool.BreakerChanged += (breaker, _, to) => metrics.RecordTransition(breaker.Model, to);
            embeddingPool.BreakerChanged += (breaker, _, to) => metrics.RecordTransition(breaker.Model, to);
            return metrics;
        });
        services.TryAddSingleton(sp => new CacheGenerations(
            sp.GetRequiredService<IOptions<GatewayOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<ILogger<CacheGenerations>>(),
            configuration[StorageAccount.ConnectionSetting] is { Length: > 0 } ? sp.GetService<StorageAccount>() : null));
        services.TryAddSingleton(sp => new GatewayCache(
            sp.GetRequiredService<IOptions<GatewayOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<ILogger<GatewayCache>>(),
            configuration[StorageAccount.ConnectionSetting] is { Length: > 0 } ? sp.GetService<StorageAccount>() : null));
        services.TryAddSingleton<ModelRoutingChatClient>();
        services.TryAddSingleton<ModelRoutingEmbeddingGenerator>();

        // Pipelines: the first stage added is the outermost. Chat: telemetry → logging → tenant quotas (cache hits count
        // against request limits too) → response cache
        // → guardrails (input scans, output schema validation with re-asks; inside the cache, so only valid answers are cached)
        // → routing with fallbacks → per model (ModelClientPool): circuit breaker → rpm/tpm → retries/timeouts → provider.
        // Embeddings: telemetry → logging → tenant quotas → routing with fallbacks (same-dimension models) → per model
        // (EmbeddingClientPool): cache (remote models) → circuit breaker → rpm/tpm → provider. The data plane's ingestion and
        // retrieval resolve this same IEmbeddingGenerator.
        services.AddEmbeddingGenerator(sp => sp.GetRequiredService<ModelRoutingEmbeddingGenerator>())
            .UseOpenTelemetry(sourceName: PlatformTelemetry.Name)
            .UseLogging()
            .UseTenantQuotas();
        services.AddChatClient(sp => sp.GetRequiredService<ModelRoutingChatClient>())
            .UseOpenTelemetry(sourceName: PlatformTelemetry.Name)
            .UseLogging()
            .UseTenantQuotas()
            .UseGatewayResponseCache()
            .UseGuardrails();
        services.TryAddSingleton<IModelGateway, ModelGateway>();
        services.AddHostedService<ModelPlaneStartupCheck>();
        return services;
    }
}
