using AiNative.Platform.Governance.Injection;
using AiNative.Platform.Tests.ModelPlane;

namespace AiNative.Platform.Tests.Governance;

/// <summary>The detector's quality on the labelled sets of bench/Injection (the same numbers the benchmark reports).</summary>
public sealed class InjectionQualityTests
{
    private static string Data(string file) => Path.Combine(Path.GetDirectoryName(ModelPlaneTestSupport.FindCatalog())!, "bench", "Injection", "data", file);

    [Fact]
    public void Development_set_meets_the_targets_per_channel()
    {
        var items = InjectionQuality.Load(Data("injection-set.jsonl"));

        var rows = InjectionQuality.Evaluate(items, PromptInjectionDetector.DefaultThreshold);

        Assert.True(items.Count >= 300, $"{items.Count} items");
        foreach (var row in rows)
        {
            Assert.True(row.F1 >= 0.9, $"{row.Channel}: F1 {row.F1:0.000}");
            Assert.True(row.FalsePositiveRate <= 0.05, $"{row.Channel}: FPR {row.FalsePositiveRate:P1}");
        }
    }

    [Fact]
    public void Held_out_set_stays_at_or_above_its_first_measurement()
    {
        // Written after the rules and measured once (F1 0.78, FPR 11 % overall): below the targets, kept as a floor so
        // changes that overfit the development set and lose ground here show up.
        var rows = InjectionQuality.Evaluate(InjectionQuality.Load(Data("heldout-set.jsonl")), PromptInjectionDetector.DefaultThreshold);

        var all = rows.Single(r => r.Channel == "all");
        Assert.True(all.F1 >= 0.75, $"F1 {all.F1:0.000}");
        Assert.True(all.FalsePositiveRate <= 0.15, $"FPR {all.FalsePositiveRate:P1}");
    }
}
