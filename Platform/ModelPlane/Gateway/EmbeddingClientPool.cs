using System.Collections.Concurrent;
using AiNative.Platform.ModelPlane.Caching;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>
/// One embedding pipeline per registry model, built on first use: cache (remote models only) → circuit breaker →
/// rpm/tpm limit → provider. Breakers live here so their state is shared by every call to the model.
/// </summary>
public sealed partial class EmbeddingClientPool(
    Func<ModelDefinition, IEmbeddingGenerator<string, Embedding<float>>> providers,
    IOptions<ResilienceOptions> options,
    IOptions<GatewayOptions> gatewayOptions,
    RateLimits limits,
    TokenCounter tokens,
    Func<GatewayCache> cache,
    Func<string, CancellationToken, ValueTask<string>> cacheNamespace,
    TimeProvider time,
    ILogger<EmbeddingClientPool> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(IEmbeddingGenerator<string, Embedding<float>> Generator, CircuitBreaker Breaker)>> pipelines = new(StringComparer.Ordinal);

    /// <summary>Raised on every breaker state change.</summary>
    public event Action<CircuitBreaker, CircuitState, CircuitState>? BreakerChanged;

    public IEnumerable<CircuitBreaker> Breakers => pipelines.Values.Where(p => p.IsValueCreated).Select(p => p.Value.Breaker);

    public IEmbeddingGenerator<string, Embedding<float>> Generator(ModelDefinition model) => Get(model).Generator;

    private (IEmbeddingGenerator<string, Embedding<float>> Generator, CircuitBreaker Breaker) Get(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return pipelines.GetOrAdd(model.Id, _ => new Lazy<(IEmbeddingGenerator<string, Embedding<float>>, CircuitBreaker)>(() =>
        {
            var breaker = new CircuitBreaker(model.Id, options.Value, time);
            breaker.StateChanged += OnBreakerChanged;
            IEmbeddingGenerator<string, Embedding<float>> generator = new ModelRateLimitEmbeddingGenerator(providers(model), model, limits, tokens);
            generator = new CircuitBreakerEmbeddingGenerator(generator, breaker, time);

            // Remote embeddings cost money and time; MiniLM in-process is faster than a cache round trip.
            if (ModelProviders.IsRemote(model.Provider) && gatewayOptions.Value.CacheEnabled)
            {
                generator = new EmbeddingCacheGenerator(generator, cache(), cancellationToken => cacheNamespace(model.Id, cancellationToken));
            }

            return (generator, breaker);
        })).Value;
    }

    private void OnBreakerChanged(CircuitBreaker breaker, CircuitState from, CircuitState to)
    {
        if (to == CircuitState.Open)
        {
            Log.BreakerOpened(logger, breaker.Model, options.Value.BreakerCooldown);
        }

        BreakerChanged?.Invoke(breaker, from, to);
    }

    public void Dispose()
    {
        foreach (var pipeline in pipelines.Values.Where(p => p.IsValueCreated))
        {
            pipeline.Value.Generator.Dispose();
        }
    }

    private static partial class Log
    {
        // Error level on purpose: an open breaker is the seed's "alert on-call" event.
        [LoggerMessage(1, LogLevel.Error, "ALERT circuit open for embedding model {Model}: traffic goes to its fallbacks for {Cooldown}")]
        public static partial void BreakerOpened(ILogger logger, string model, TimeSpan cooldown);
    }
}
