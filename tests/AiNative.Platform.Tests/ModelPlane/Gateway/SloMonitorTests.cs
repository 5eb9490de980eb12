using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Registry;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>The seed's SLO classes evaluated per model from recorded calls.</summary>
public sealed class SloMonitorTests
{
    private static ModelDefinition Model(string id, string latencyClass) => new() { Id = id, Provider = "local", LatencyClass = latencyClass };

    [Fact]
    public void Interactive_model_misses_when_its_p95_exceeds_two_seconds()
    {
        var slo = new SloMonitor();
        var chat = Model("chat", LatencyClasses.Interactive);
        for (var i = 0; i < 90; i++)
        {
            slo.Record(chat, TimeSpan.FromMilliseconds(500), 100);
        }

        var healthy = slo.Evaluate(chat);
        for (var i = 0; i < 10; i++)
        {
            slo.Record(chat, TimeSpan.FromSeconds(3), 100);
        }

        var breached = slo.Evaluate(chat);

        Assert.Equal((0.95, 2.0, 0.5, 90, true), (healthy.Percentile, healthy.ObjectiveSeconds, healthy.ObservedSeconds!.Value, healthy.Samples, healthy.Met!.Value));
        Assert.Equal(3.0, breached.ObservedSeconds);
        Assert.False(breached.Met);
    }

    [Fact]
    public void Batch_calls_are_judged_per_thousand_tokens_at_p99()
    {
        var slo = new SloMonitor();
        var batch = Model("batch", LatencyClasses.Batch);

        slo.Record(batch, TimeSpan.FromSeconds(100), 5000); // 20 s per 1000 tokens: within 30 s
        var within = slo.Evaluate(batch);
        slo.Record(batch, TimeSpan.FromSeconds(40), 1000);  // 40 s per 1000 tokens
        var over = slo.Evaluate(batch);

        Assert.Equal((0.99, 30.0, 20.0, true), (within.Percentile, within.ObjectiveSeconds, within.ObservedSeconds!.Value, within.Met!.Value));
        Assert.False(over.Met);
    }

    [Fact]
    public void A_model_without_calls_has_no_verdict()
    {
        var evaluation = new SloMonitor().Evaluate(Model("tools", LatencyClasses.ToolUse));

        Assert.Equal((5.0, 0, (double?)null, (bool?)null), (evaluation.ObjectiveSeconds, evaluation.Samples, evaluation.ObservedSeconds, evaluation.Met));
    }
}
