using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiNative.Platform.Governance.Injection;

/// <summary>Builds the labelled sentence bank and measures the bank vote by 10-fold cross-validation (a text never votes for itself).</summary>
internal static class CrossValidation
{
    private const int Folds = 10;
    private static readonly double?[] Margins = [null, 0.0, 0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20];
        private static readonly int[] Ks = [3, 5, 8];

    /// <summary>Largest cross-validated false-positive rate of the combined detector a tuning may have.</summary>
    private const double MaxFalsePositiveRate = 0.02;

    /// <summary>Writes catalog/guardrails/injection-bank.jsonl: the attack-carrying sentences of attacks and every scanned sentence of benign texts.</summary>
    public static void WriteBank(IReadOnlyList<LabelledText> items, string path, double threshold)
    {
        var scorer = SemanticInjectionScorer.Shared.With(null, SemanticTuning.Default);
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var lines = new StringBuilder();
        foreach (var item in items)
        {
            var sentences = SemanticEvidence.GatedSentences(item.Text);
            var kept = new List<string>();
            if (!item.Label)
            {
                kept.AddRange(sentences);
            }
            else if (sentences.Count > 0)
            {
                // The attack-carrying sentences: those the rules flag on their own, else the one nearest an attack exemplar.
                kept.AddRange(sentences.Where(s => PromptInjectionDetector.Detect(s, item.Channel, threshold, null, null).Score >= 0.3));
                var nearest = scorer.Score(sentences).MaxBy(s => s.Attack + s.Margin);
                if (!kept.Contains(nearest.Sentence))
                {
                    kept.Add(nearest.Sentence);
                }
            }

            foreach (var sentence in kept)
            {
                lines.AppendLine(JsonSerializer.Serialize(new BankSentence(item.Id, item.Channel, item.Label, sentence), options));
            }
        }

        File.WriteAllText(path, lines.ToString());
        Console.WriteLine($"Wrote {path}");
    }

    /// <summary>Cross-validated rows for a tuning: each text scored against the bank without its own fold.</summary>
    public static List<InjectionQualityRow> Evaluate(IReadOnlyList<LabelledText> items, SemanticTuning tuning, bool useBank, bool useRules, double threshold)
    {
        var bank = InjectionBank.Embedded;
        var verdicts = new List<(LabelledText, InjectionVerdict)>();
        for (var fold = 0; fold < Folds; fold++)
        {
            var inFold = items.Where((_, i) => i % Folds == fold).ToList();
            var scorer = SemanticInjectionScorer.Shared.With(useBank ? bank.Without(inFold.Select(i => i.Id).ToHashSet()) : null, tuning);
            verdicts.AddRange(inFold.Select(i => (i, PromptInjectionDetector.Detect(i.Text, i.Channel, threshold, scorer, useRules))));
        }

        return InjectionQuality.Rows(verdicts);
    }

    /// <summary>Grid over k and the bank margins (user, then documents and tool outputs); picks by semantic-alone cross-validated F1.</summary>
    public static (SemanticTuning Best, string Report) Tune(IReadOnlyList<LabelledText> items, double threshold)
    {
        var report = new StringBuilder();
        var others = items.Where(i => i.Channel == InjectionChannel.User).ToList();
        var documents = items.Where(i => i.Channel != InjectionChannel.User).ToList();
        var best = SemanticTuning.Default with { BankMargin = null, UntrustedBankMargin = null };
        double bestF1 = -1, bestFpr = 1;
        report.AppendLine("| user k | bank margin | semantic-alone recall | F1 | FPR | rules+semantic F1 | FPR |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var k in Ks)
        {
            foreach (var margin in Margins)
            {
                var tuning = best with { K = k, BankMargin = margin };
                var alone = Evaluate(others, tuning, true, false, threshold)[^1];
                var with = Evaluate(others, tuning, true, true, threshold)[^1];
                report.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {margin?.ToString("0.00", CultureInfo.InvariantCulture) ?? "off"} | {alone.Recall:0.000} | {alone.F1:0.000} | {alone.FalsePositiveRate:P1} | {with.F1:0.000} | {with.FalsePositiveRate:P1} |");
                if (Better(alone, with, ref bestF1, ref bestFpr))
                {
                    best = tuning;
                }
            }
        }

        var chosen = best;
        bestF1 = -1;
        bestFpr = 1;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"| document+tool bank margin (k {chosen.K}) | semantic-alone recall | F1 | FPR | rules+semantic F1 | FPR |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var margin in Margins)
        {
            {
                var tuning = chosen with { UntrustedBankMargin = margin };
                var alone = Evaluate(documents, tuning, true, false, threshold)[^1];
                var with = Evaluate(documents, tuning, true, true, threshold)[^1];
                report.AppendLine(CultureInfo.InvariantCulture, $"| {margin?.ToString("0.00", CultureInfo.InvariantCulture) ?? "off"} | {alone.Recall:0.000} | {alone.F1:0.000} | {alone.FalsePositiveRate:P1} | {with.F1:0.000} | {with.FalsePositiveRate:P1} |");
                if (Better(alone, with, ref bestF1, ref bestFpr))
                {
                    best = tuning;
                }
            }
        }

        return (best, report.ToString());
    }

    // Semantic-alone F1 is the criterion (the rules already catch nearly every attack of these sets, so rules+semantic
    // barely moves; the semantic layer's own recall is the estimate for attacks the rules miss), among tunings whose
    // combined false-positive rate stays <= 2 % (3 % chose 0.10, which flagged a benign look-alike of the unit tests); ties go to the lower false-positive rate, then to the earlier row.
    private static bool Better(InjectionQualityRow alone, InjectionQualityRow with, ref double bestF1, ref double bestFpr)
    {
        if (with.FalsePositiveRate > MaxFalsePositiveRate + 1e-9)
        {
            return false;
        }

        if (alone.F1 > bestF1 + 1e-9 || (Math.Abs(alone.F1 - bestF1) <= 1e-9 && with.FalsePositiveRate < bestFpr))
        {
            bestF1 = alone.F1;
            bestFpr = with.FalsePositiveRate;
            return true;
        }

        return false;
    }
}
