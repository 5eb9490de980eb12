using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.Telemetry;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>
/// The gateway's own metrics on the <c>AiNative</c> meter, next to <c>UseOpenTelemetry</c>'s <c>gen_ai.client.*</c>:
/// cost, cache hits and misses and invalidations, fallbacks, breaker states, quota rejections, per-model SLO breaches and evaluation.
/// </summary>
public sealed class GatewayMetrics
{
    public const string Cost = "ainative.gateway.cost";
    public const string CacheRequests = "ainative.gateway.cache.requests";
    public const string Fallbacks = "ainative.gateway.fallbacks";
    public const string BreakerState = "ainative.gateway.breaker.state";
    public const string BreakerTransitions = "ainative.gateway.breaker.transitions";
    public const string Rejections = "ainative.gateway.rejections";
    public const string Duration = "ainative.gateway.model.duration";
    public const string SloBreaches = "ainative.gateway.slo.breaches";
    public const string SloObserved = "ainative.gateway.slo.observed";
    public const string SloMet = "ainative.gateway.slo.met";
    public const string Invalidations = "ainative.gateway.cache.invalidations";

    private readonly Counter<double> cost = PlatformTelemetry.Meter.CreateCounter<double>(Cost, "USD", "Price of model calls from the registry's token_cost");
    private readonly Counter<long> cache = PlatformTelemetry.Meter.CreateCounter<long>(CacheRequests, "{request}", "Cache lookups by cache, level and result");
    private readonly Counter<long> fallbacks = PlatformTelemetry.Meter.CreateCounter<long>(Fallbacks, "{fallback}", "Calls that moved to the next model of the chain");
    private readonly Counter<long> transitions = PlatformTelemetry.Meter.CreateCounter<long>(BreakerTransitions, "{transition}", "Circuit breaker state changes");
    private readonly Counter<long> rejections = PlatformTelemetry.Meter.CreateCounter<long>(Rejections, "{request}", "Calls refused by a tenant quota");
    private readonly Histogram<double> duration = PlatformTelemetry.Meter.CreateHistogram<double>(Duration, "s", "Successful model call duration by model and SLO class");
    private readonly Counter<long> breaches = PlatformTelemetry.Meter.CreateCounter<long>(SloBreaches, "{call}", "Calls slower than their SLO class objective");
    private readonly Counter<long> invalidations = PlatformTelemetry.Meter.CreateCounter<long>(Invalidations, "{invalidation}", "Cache generation bumps by scope kind (prompt, model)");

    public GatewayMetrics(Func<IEnumerable<CircuitBreaker>> breakers)
    {
        PlatformTelemetry.Meter.CreateObservableGauge(BreakerState, () => breakers().Select(b => new Measurement<int>((int)b.State, new KeyValuePair<string, object?>("gen_ai.request.model", b.Model))), "{state}", "0 closed, 1 open, 2 half-open");
        PlatformTelemetry.Meter.CreateObservableGauge(SloObserved, () => Slo.Observed().Where(o => o.Observed is not null).Select(o => new Measurement<double>(o.Observed!.Value, SloTags(o.Model, o.LatencyClass))), "s", "Observed latency at the SLO class's percentile (p95; batch p99 per 1000 tokens), per model");
        PlatformTelemetry.Meter.CreateObservableGauge(SloMet, () => Slo.Observed().Where(o => o.Met is not null).Select(o => new Measurement<int>(o.Met!.Value ? 1 : 0, SloTags(o.Model, o.LatencyClass))), "{bool}", "1 when the model meets its SLO class objective");
    }

    /// <summary>Per-model SLO evaluation (also exposed by <c>GET /api/v1/models</c>).</summary>
    public SloMonitor Slo { get; } = new();

    public void RecordInvalidation(string scopeKind) => invalidations.Add(1, new KeyValuePair<string, object?>("ainative.cache.scope", scopeKind));

    private static KeyValuePair<string, object?>[] SloTags(string model, string latencyClass) =>
        [new("gen_ai.request.model", model), new("ainative.slo_class", latencyClass)];

    public void RecordCost(string model, string? tenant, decimal value) =>
        cost.Add((double)value, new("gen_ai.request.model", model), new("ainative.tenant", tenant ?? ""));

    public void RecordCache(string which, string level, bool hit) =>
        cache.Add(1, new("ainative.cache", which), new("ainative.cache.level", level), new("ainative.cache.result", hit ? "hit" : "miss"));

    public void RecordFallback(string from, ModelFailureKind reason) =>
        fallbacks.Add(1, new("gen_ai.request.model", from), new("ainative.fallback.reason", reason.ToString()));

    public void RecordTransition(string model, CircuitState to) =>
        transitions.Add(1, new("gen_ai.request.model", model), new("ainative.breaker.state", to.ToString()));

    public void RecordRejection(string? tenant, string quota) =>
        rejections.Add(1, new("ainative.tenant", tenant ?? ""), new("ainative.quota", quota));

    /// <summary>Records the call against its model's SLO class (batch objectives are per 1000 tokens).</summary>
    public void RecordDuration(ModelDefinition model, TimeSpan elapsed, long tokens)
    {
        var tags = new TagList { { "gen_ai.request.model", model.Id }, { "ainative.slo_class", model.LatencyClass } };
        duration.Record(elapsed.TotalSeconds, tags);
        Slo.Record(model, elapsed, tokens);
        var objective = LatencyClasses.Objective(model.LatencyClass);
        if (model.LatencyClass == LatencyClasses.Batch)
        {
            objective *= Math.Max(1, tokens / 1000.0);
        }

        if (elapsed > objective)
        {
            breaches.Add(1, tags);
        }
    }
}
