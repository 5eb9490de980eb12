using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiNative.Platform.Governance.Injection;

/// <summary>One labelled example of the injection evaluation set (<c>bench/Injection/data/injection-set.jsonl</c>).</summary>
public sealed record LabelledText(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("label")] bool Label,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("text")] string Text);

/// <summary>Precision, recall, F1 and false-positive rate of the detector on one channel (or all).</summary>
public sealed record InjectionQualityRow(string Channel, int Items, int Attacks, int TruePositives, int FalsePositives, int FalseNegatives, double Precision, double Recall, double F1, double FalsePositiveRate);

/// <summary>Scores <see cref="PromptInjectionDetector"/> on a labelled set; shared by the benchmark and the quality test.</summary>
public static class InjectionQuality
{
    /// <summary>Reads a JSONL file of <see cref="LabelledText"/>.</summary>
    public static List<LabelledText> Load(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<LabelledText>(l) ?? throw new InvalidDataException($"{path}: empty line object"))];

    /// <summary>One row per channel plus an "all" row; <paramref name="misses"/> receives every wrong verdict; <paramref name="rulesOnly"/> leaves the semantic layer and the classifier out, <paramref name="withClassifier"/> false only the classifier.</summary>
    public static List<InjectionQualityRow> Evaluate(IReadOnlyList<LabelledText> items, double threshold, List<(LabelledText Item, InjectionVerdict Verdict)>? misses = null, bool rulesOnly = false, bool withClassifier = true)
    {
        ArgumentNullException.ThrowIfNull(items);
        var semantic = rulesOnly ? null : SemanticInjectionScorer.Shared;
        var classifier = rulesOnly || !withClassifier ? null : InjectionClassifier.Embedded;
        var verdicts = items.Select(i => (Item: i, Verdict: PromptInjectionDetector.Detect(i.Text, i.Channel, threshold, semantic, classifier))).ToList();
        misses?.AddRange(verdicts.Where(v => v.Verdict.Injection != v.Item.Label));
        return [.. InjectionChannel.All.Select(c => Row(c, verdicts.Where(v => v.Item.Channel == c).ToList())), Row("all", verdicts)];
    }

    /// <summary>One row per channel plus an "all" row for verdicts scored elsewhere (e.g. per cross-validation fold).</summary>
    public static List<InjectionQualityRow> Rows(IReadOnlyList<(LabelledText Item, InjectionVerdict Verdict)> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        return [.. InjectionChannel.All.Select(c => Row(c, verdicts.Where(v => v.Item.Channel == c).ToList())), Row("all", [.. verdicts])];
    }

    private static InjectionQualityRow Row(string channel, List<(LabelledText Item, InjectionVerdict Verdict)> verdicts)
    {
        var tp = verdicts.Count(v => v.Item.Label && v.Verdict.Injection);
        var fp = verdicts.Count(v => !v.Item.Label && v.Verdict.Injection);
        var fn = verdicts.Count(v => v.Item.Label && !v.Verdict.Injection);
        var negatives = verdicts.Count(v => !v.Item.Label);
        var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new InjectionQualityRow(channel, verdicts.Count, tp + fn, tp, fp, fn, precision, recall, f1, negatives == 0 ? 0 : (double)fp / negatives);
    }
}
