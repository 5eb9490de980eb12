using AiNative.Bench.Pii;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Tests.Governance;

/// <summary>The quality target of the PII analyzer on the labelled set of bench/Pii (timing is the benchmark's job).</summary>
public sealed class PiiQualityTests
{
    [Fact]
    public void Structured_entities_reach_micro_f2_of_at_least_0_95_on_the_labelled_set()
    {
        var set = PiiScoring.Load(Path.Combine(AppContext.BaseDirectory, "Governance", "pii-labelled.jsonl"));

        var scores = PiiScoring.Score(set, PiiAnalyzer.Analyze);
        var micro = PiiScoring.Micro(scores, PiiEntityTypes.Structured);

        Assert.True(set.Sum(t => t.Entities.Count) >= 300, "the labelled set has a few hundred entities");
        Assert.True(micro.F2 >= 0.95, $"micro-F2 on structured entities is {micro.F2:0.000} (P {micro.Precision:0.000}, R {micro.Recall:0.000})");
        Assert.All(scores.Where(s => PiiEntityTypes.Structured.Contains(s.Type)), s => Assert.True(s.Precision >= 0.9, $"{s.Type} precision {s.Precision:0.000}"));
    }
}
