using System.Collections.Concurrent;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>
/// One pipeline per registry model, built on first use: circuit breaker → rpm/tpm limit → retries with adaptive
/// timeouts → provider client. Breakers live here so their state is shared by every call to the model.
/// </summary>
public sealed partial class ModelClientPool(
    Func<ModelDefinition, IChatClient> providers,
    IOptions<ResilienceOptions> options,
    LatencyTracker latency,
    RateLimits limits,
    TimeProvider time,
    ILogger<ModelClientPool> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(IChatClient Client, CircuitBreaker Breaker)>> pipelines = new(StringComparer.Ordinal);

    /// <summary>Raised on every breaker state change.</summary>
    public event Action<CircuitBreaker, CircuitState, CircuitState>? BreakerChanged;

    public IEnumerable<CircuitBreaker> Breakers => pipelines.Values.Where(p => p.IsValueCreated).Select(p => p.Value.Breaker);

    public IChatClient Client(ModelDefinition model) => Get(model).Client;

    public CircuitBreaker Breaker(ModelDefinition model) => Get(model).Breaker;

    private (IChatClient Client, CircuitBreaker Breaker) Get(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return pipelines.GetOrAdd(model.Id, _ => new Lazy<(IChatClient, CircuitBreaker)>(() =>
        {
            var breaker = new CircuitBreaker(model.Id, options.Value, time);
            breaker.StateChanged += OnBreakerChanged;
            var client = new ChatClientBuilder(providers(model))
                .Use(inner => new CircuitBreakerChatClient(inner, breaker, time))
                .Use(inner => new ModelRateLimitChatClient(inner, model, limits))
                .Use(inner => new RetryChatClient(inner, model.Id, options.Value, latency, time))
                .Build();
            return (client, breaker);
        })).Value;
    }

    private void OnBreakerChanged(CircuitBreaker breaker, CircuitState from, CircuitState to)
    {
        if (to == CircuitState.Open)
        {
            Log.BreakerOpened(logger, breaker.Model, options.Value.BreakerCooldown);
        }
        else
        {
            Log.BreakerChanged(logger, breaker.Model, from, to);
        }

        BreakerChanged?.Invoke(breaker, from, to);
    }

    public void Dispose()
    {
        foreach (var pipeline in pipelines.Values.Where(p => p.IsValueCreated))
        {
            pipeline.Value.Client.Dispose();
        }
    }

    private static partial class Log
    {
        // Error level on purpose: an open breaker is the seed's "alert on-call" event.
        [LoggerMessage(1, LogLevel.Error, "ALERT circuit open for model {Model}: traffic goes to its fallbacks for {Cooldown}")]
        public static partial void BreakerOpened(ILogger logger, string model, TimeSpan cooldown);

        [LoggerMessage(2, LogLevel.Warning, "Circuit for model {Model}: {From} -> {To}")]
        public static partial void BreakerChanged(ILogger logger, string model, CircuitState from, CircuitState to);
    }
}
