using System.Text.Json;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Bench.Pii;

/// <summary>One labelled text of the evaluation set: expected entities with UTF-16 offsets.</summary>
public sealed record LabelledText(string Id, string Kind, string Text, IReadOnlyList<LabelledEntity> Entities);

/// <summary>An expected entity.</summary>
public sealed record LabelledEntity(string Type, int Start, int End);

/// <summary>Counts for one entity type.</summary>
public sealed record PiiTypeScore(string Type, int Expected, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>F-beta with beta 2: recall weighs four times as much as precision (a missed SSN costs more than a redacted order number).</summary>
    public double F2 => Precision + Recall == 0 ? 0 : 5 * Precision * Recall / ((4 * Precision) + Recall);
}

/// <summary>
/// Scores findings against labels. A finding is a true positive when it has the expected type and overlaps an expected
/// span not matched before (each label matches once); any other finding is a false positive of its type.
/// </summary>
public static class PiiScoring
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<LabelledText> Load(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<LabelledText>(l, Json)!)];

    /// <summary>Per-type scores, for findings at or above <paramref name="minScore"/>.</summary>
    public static IReadOnlyList<PiiTypeScore> Score(IEnumerable<LabelledText> set, Func<string, IReadOnlyList<PiiFinding>> analyze, double minScore = 0.5)
    {
        ArgumentNullException.ThrowIfNull(analyze);
        var counts = new Dictionary<string, (int Expected, int Tp, int Fp, int Fn)>(StringComparer.Ordinal);
        foreach (var text in set)
        {
            var findings = analyze(text.Text).Where(f => f.Score >= minScore).ToList();
            var matched = new bool[text.Entities.Count];
            foreach (var finding in findings)
            {
                var hit = -1;
                for (var i = 0; i < text.Entities.Count; i++)
                {
                    var e = text.Entities[i];
                    if (!matched[i] && e.Type == finding.Type && e.Start < finding.End && finding.Start < e.End)
                    {
                        hit = i;
                        break;
                    }
                }

                var c = counts.GetValueOrDefault(finding.Type);
                counts[finding.Type] = hit >= 0 ? c with { Tp = c.Tp + 1 } : c with { Fp = c.Fp + 1 };
                if (hit >= 0)
                {
                    matched[hit] = true;
                }
            }

            for (var i = 0; i < text.Entities.Count; i++)
            {
                var c = counts.GetValueOrDefault(text.Entities[i].Type);
                counts[text.Entities[i].Type] = c with { Expected = c.Expected + 1, Fn = c.Fn + (matched[i] ? 0 : 1) };
            }
        }

        return [.. counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new PiiTypeScore(kv.Key, kv.Value.Expected, kv.Value.Tp, kv.Value.Fp, kv.Value.Fn))];
    }

    /// <summary>Micro-averaged score over the given types (counts summed, then precision, recall, F2).</summary>
    public static PiiTypeScore Micro(IEnumerable<PiiTypeScore> scores, IReadOnlySet<string> types, string name = "micro") =>
        scores.Where(s => types.Contains(s.Type)).Aggregate(new PiiTypeScore(name, 0, 0, 0, 0),
            (sum, s) => sum with { Expected = sum.Expected + s.Expected, TruePositives = sum.TruePositives + s.TruePositives, FalsePositives = sum.FalsePositives + s.FalsePositives, FalseNegatives = sum.FalseNegatives + s.FalseNegatives });
}
