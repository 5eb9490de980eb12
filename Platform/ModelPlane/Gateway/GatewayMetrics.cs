using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.Telemetry;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>
/// The gateway's own metrics on the <c>AiNative</c> meter, next to <c>UseOpenTelemetry</c>'s <c>gen_ai.client.*</c>:
/// cost, cache hits and misses, fallbacks, breaker states, quota rejections and per-model SLO breaches.
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

    private readonly Counter<double> cost = PlatformTelemetry.Meter.CreateCounter<double>(Cost, "USD", "Price of model calls from the registry's token_cost");
    private readonly Counter<long> cache = PlatformTelemetry.Meter.CreateCounter<long>(CacheRequests, "{request}", "Cache lookups by cache, level and result");
    private readonly Counter<long> fallbacks = PlatformTelemetry.Meter.CreateCounter<long>(Fallbacks, "{fallback}", "Calls that moved to the next model of the chain");
    private readonly Counter<long> transitions = PlatformTelemetry.Meter.CreateCounter<long>(BreakerTransitions, "{transition}", "Circuit breaker state changes");
    private readonly Counter<long> rejections = PlatformTelemetry.Meter.CreateCounter<long>(Rejections, "{request}", "Calls refused by a tenant quota");
    private readonly Histogram<double> duration = PlatformTelemetry.Meter.CreateHistogram<double>(Duration, "s", "Successful model call duration by model and SLO class");
    private readonly Counter<long> breaches = PlatformTelemetry.Meter.CreateCounter<long>(SloBreaches, "{call}", "Calls slower than their SLO class objective");

    public GatewayMetrics(Func<IEnumerable<CircuitBreaker>> breakers) =>
        PlatformTelemetry.Meter.CreateObservableGauge(BreakerState, () => breakers().Select(b => new Measurement<int>((int)b.State, new KeyValuePair<string, object?>("gen_ai.request.model", b.Model))), "{state}", "0 closed, 1 open, 2 half-open");

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
