using System.Diagnostics.Metrics;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>The gateway's metrics: GenAI token usage and duration, cost, cache hits, fallbacks, breaker state, SLO breaches.</summary>
public sealed class GatewayTelemetryTests
{
    [Fact]
    public async Task Fallback_cache_hit_cost_and_breaker_state_are_measured()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Script("telemetry-primary", ServerBehaviour.Filtered());
        var yaml = GatewayTestHost.TwoModels.Replace("primary", "telemetry-primary", StringComparison.Ordinal);
        await using var host = GatewayTestHost.Start(server, yaml);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlatformTelemetry.Name || instrument.Name.StartsWith("gen_ai.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        }

        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var options = new ChatOptions { AdditionalProperties = new() { [ModelGateway.TenantProperty] = "telemetry-tenant" } };

        await host.Chat.GetResponseAsync("measure me", options);
        await host.Chat.GetResponseAsync("measure me", options);
        listener.RecordObservableInstruments();
        listener.Dispose();

        List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Of(string name) => [.. measurements.Where(m => m.Instrument == name)];
        Assert.Contains(Of(GatewayMetrics.Fallbacks), m => Equals(m.Tags["gen_ai.request.model"], "telemetry-primary") && Equals(m.Tags["ainative.fallback.reason"], "ContentFilter"));
        var cost = Assert.Single(Of(GatewayMetrics.Cost), m => Equals(m.Tags["ainative.tenant"], "telemetry-tenant"));
        Assert.Equal((double)((321 * 0.0001m) + (54 * 0.0002m)), cost.Value, 6);
        Assert.Contains(Of(GatewayMetrics.CacheRequests), m => Equals(m.Tags["ainative.cache.result"], "hit") && Equals(m.Tags["ainative.cache"], "response"));
        Assert.Contains(Of(GatewayMetrics.BreakerState), m => Equals(m.Tags["gen_ai.request.model"], "secondary") && m.Value == 0);
        Assert.Contains(Of(GatewayMetrics.Duration), m => Equals(m.Tags["gen_ai.request.model"], "secondary") && Equals(m.Tags["ainative.slo_class"], "interactive"));
        Assert.Contains(Of("gen_ai.client.token.usage"), m => m.Value == 321);
        Assert.NotEmpty(Of("gen_ai.client.operation.duration"));
    }
}
