using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiNative.Platform.Governance.Injection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

/// <summary>
/// Trains the prompt-injection classifier (catalog/guardrails/injection-classifier.json) and measures it by
/// leave-one-WRITER-out cross-validation: every data/*.jsonl file is one writer; each is held out in turn, and the feature
/// set, regularisation and thresholds are chosen inside the remaining writers only (an inner leave-one-writer-out), so the
/// held-out writer's numbers estimate a new writer's.
/// </summary>
internal static class Training
{
    /// <summary>Largest per-channel false-positive rate a threshold may have on the inner folds (target: 5 %).</summary>
    private const double MaxFalsePositiveRate = 0.03;

    // "char+channel" alone was never chosen in any fold of the 8-writer runs (session 4); dropped to keep --train near 15 min.
    private static readonly InjectionFeatureSet[] FeatureSets =
    [
        InjectionFeatureSet.Parse("char+word+channel"),
        InjectionFeatureSet.Parse("char+word+rules+channel"),
    ];

    private static readonly float[] L2s = [0.02f, 0.05f];

    /// <summary>Inner F1 difference treated as no difference when picking a threshold (the higher threshold wins).</summary>
    private const double F1Tolerance = 0.005;

    private static readonly double[] Thresholds = [.. Enumerable.Range(1, 39).Select(i => i * 0.025)];

    /// <summary>One configuration tried: features and L2 weight.</summary>
    private sealed record Config(InjectionFeatureSet Features, float L2)
    {
        public override string ToString() => FormattableString.Invariant($"{Features} L2={L2}");
    }

    /// <summary>A labelled text with everything the folds need: its writer, the current detector's verdict, the rules' verdict.</summary>
    private sealed record Example(string Writer, LabelledText Item, bool Current, IReadOnlyList<string> RuleReasons, double RuleScore, bool Lookalike);

    /// <summary>The chosen configuration and thresholds of one training run (inner cross-validation).</summary>
    private sealed record Choice(Config Config, Dictionary<string, double> ClassifierThresholds, Dictionary<string, double> CombinedThresholds, double InnerF1)
    {
        public string Thresholds(bool combined) =>
            string.Join(" ", InjectionChannel.All.Select(c => FormattableString.Invariant($"{c}={(combined ? CombinedThresholds : ClassifierThresholds)[c]:0.000}")));

        public override string ToString() => $"{Config}, combined {Thresholds(true)}; alone {Thresholds(false)}";
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        [VectorType(InjectionFeatures.Dimensions)]
        public VBuffer<float> Features { get; set; }
    }

    public static int Run(string root, string data, double threshold)
    {
        var watch = Stopwatch.StartNew();
        var files = Directory.GetFiles(data, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var examples = new List<Example>();
        var hashes = new JsonObject();
        foreach (var file in files)
        {
            var writer = Path.GetFileNameWithoutExtension(file);
            var items = InjectionQuality.Load(file);
            hashes[writer] = new JsonObject { ["texts"] = items.Count, ["attacks"] = items.Count(i => i.Label), ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))) };
            foreach (var item in items)
            {
                var rules = PromptInjectionDetector.Detect(item.Text, item.Channel, threshold, null, useRules: true, classifier: null);
                // lookalike: whether the semantic layer would have discounted a classifier hit (the OR detector of session 4).
                var current = PromptInjectionDetector.Detect(item.Text, item.Channel, threshold, SemanticInjectionScorer.Shared, useRules: true, classifier: null, out var lookalike);
                examples.Add(new Example(writer, item, current.Injection, rules.Reasons, rules.Score, lookalike));
            }
        }

        Console.WriteLine(FormattableString.Invariant($"{examples.Count} texts from {files.Count} writers; current detector scored in {watch.Elapsed.TotalSeconds:0}s"));
        var vectors = FeatureSets.ToDictionary(f => f, f => examples.Select(e => Vector(e, f)).ToArray());
        var writers = examples.Select(e => e.Writer).Distinct().ToList();

        // Outer loop: each writer held out; everything about the model is chosen on the others.
        var outOfFold = new (double Probability, bool Classifier, bool Combined, bool Shipped)[examples.Count];
        var choices = new Dictionary<string, Choice>();
        foreach (var heldOut in writers)
        {
            var train = Enumerable.Range(0, examples.Count).Where(i => examples[i].Writer != heldOut).ToList();
            var test = Enumerable.Range(0, examples.Count).Where(i => examples[i].Writer == heldOut).ToList();
            var choice = Choose(examples, vectors, train);
            choices[heldOut] = choice;
            var (weights, bias) = Fit(vectors[choice.Config.Features], train, examples, choice.Config.L2);
            foreach (var i in test)
            {
                var p = Probability(weights, bias, vectors[choice.Config.Features][i], examples[i]);
                var channel = examples[i].Item.Channel;
                outOfFold[i] = (p, Alone(examples[i], p, choice.ClassifierThresholds[channel]), Combined(examples[i], p, choice.CombinedThresholds[channel]), Shipped(examples[i], p, choice.ClassifierThresholds[channel]));
            }

            Console.WriteLine(FormattableString.Invariant($"  held out {heldOut}: chose {choice} (inner F1 {choice.InnerF1:0.000}) [{watch.Elapsed.TotalSeconds:0}s]"));
        }

        // The shipped model: the same choice procedure on every writer, then trained on all.
        var all = Enumerable.Range(0, examples.Count).ToList();
        var final = Choose(examples, vectors, all);
        var (finalWeights, finalBias) = Fit(vectors[final.Config.Features], all, examples, final.Config.L2);
        Console.WriteLine(FormattableString.Invariant($"Final: {final} [{watch.Elapsed.TotalSeconds:0}s]"));

        var report = Report(examples, outOfFold, choices, threshold);
        Console.WriteLine(report);
        var dataHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', hashes.Select(h => h.Key + ":" + h.Value!["sha256"]))))).AsSpan(0, 12).ToString();
        var classifier = new InjectionClassifier($"1.{dataHash}", final.Config.Features, finalWeights, finalBias, final.ClassifierThresholds);
        var (base64, sha, nonZero) = classifier.EncodeWeights();
        var pooled = Pooled(examples, outOfFold);
        var artifact = new JsonObject
        {
            ["format"] = InjectionClassifier.Format,
            ["id"] = "injection-classifier",
            ["version"] = classifier.Version,
            ["description"] = "Logistic regression (ML.NET L-BFGS) over hashed features of the detector's normalised text and the rules' verdict. It decides every text of at least 16 letters (injection when P >= the channel's threshold); shorter texts keep the rules + semantic verdict. Trained by: dotnet run -c Release --project bench/Injection -- --train",
            ["features"] = final.Config.Features.ToString(),
            ["l2"] = final.Config.L2,
            ["dimensions"] = InjectionFeatures.Dimensions,
            ["thresholds"] = new JsonObject(InjectionChannel.All.Select(c => KeyValuePair.Create(c, (JsonNode?)Math.Round(final.ClassifierThresholds[c], 3)))),
            ["bias"] = finalBias,
            ["training"] = new JsonObject { ["texts"] = examples.Count, ["attacks"] = examples.Count(e => e.Item.Label), ["files"] = hashes },
            ["leaveOneWriterOut"] = pooled,
            ["nonZeroWeights"] = nonZero,
            ["weightsSha256"] = sha,
            ["weights"] = base64,
        };
        var artifactPath = Path.Combine(root, "catalog", "guardrails", InjectionClassifier.FileName);
        File.WriteAllText(artifactPath, artifact.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var results = Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "injection-train.md"), report);
        // Every text's out-of-fold probability and verdicts: other decision rules can be compared without refitting.
        File.WriteAllLines(Path.Combine(results, "injection-oof.jsonl"), examples.Select((e, i) => new JsonObject
        {
            ["writer"] = e.Writer, ["id"] = e.Item.Id, ["channel"] = e.Item.Channel, ["label"] = e.Item.Label, ["reads"] = InjectionClassifier.Reads(e.Item.Text),
            ["p"] = Math.Round(outOfFold[i].Probability, 4), ["rulesSemantic"] = e.Current, ["rulesScore"] = e.RuleScore, ["lookalike"] = e.Lookalike,
            ["threshold"] = choices[e.Writer].ClassifierThresholds[e.Item.Channel],
        }.ToJsonString()));
        File.WriteAllText(Path.Combine(results, "injection-train.json"), new JsonObject { ["leaveOneWriterOut"] = pooled.DeepClone(), ["choices"] = new JsonObject(choices.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value.ToString()))), ["final"] = final.ToString() }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Wrote {artifactPath} ({nonZero} weights) and bench/results/injection-train.md [{watch.Elapsed.TotalSeconds:0}s]");
        return 0;
    }

    // Inner leave-one-writer-out over the training writers: out-of-fold probabilities per configuration, thresholds picked on them.
    private static Choice Choose(List<Example> examples, Dictionary<InjectionFeatureSet, (int[] Indices, float[] Values)[]> vectors, List<int> train)
    {
        var writers = train.Select(i => examples[i].Writer).Distinct().ToList();
        var configs = FeatureSets.SelectMany(f => L2s.Select(l2 => new Config(f, l2))).ToList();

        // Every (configuration, inner writer) fit is independent (own MLContext, one thread each): run them on all cores, then
        // read the results in a fixed order so the choice does not depend on scheduling.
        var fits = new (float[] Weights, double Bias)[configs.Count, writers.Count];
        Parallel.For(0, configs.Count * writers.Count, k =>
        {
            var (c, w) = (k / writers.Count, k % writers.Count);
            var fit = train.Where(i => examples[i].Writer != writers[w]).ToList();
            fits[c, w] = Fit(vectors[configs[c].Features], fit, examples, configs[c].L2);
        });

        Choice? best = null;
        for (var c = 0; c < configs.Count; c++)
        {
            var config = configs[c];
            var probabilities = new Dictionary<int, double>();
            for (var w = 0; w < writers.Count; w++)
            {
                var (weights, bias) = fits[c, w];
                foreach (var i in train.Where(i => examples[i].Writer == writers[w]))
                {
                    probabilities[i] = Probability(weights, bias, vectors[config.Features][i], examples[i]);
                }
            }

            // One threshold per channel, each picked on that channel's inner out-of-fold texts.
            var classifierT = new Dictionary<string, double>();
            var combinedT = new Dictionary<string, double>();
            foreach (var channel in InjectionChannel.All)
            {
                var inChannel = train.Where(i => examples[i].Item.Channel == channel).ToList();
                classifierT[channel] = PickThreshold(inChannel, examples, probabilities, combined: false).Threshold;
                combinedT[channel] = PickThreshold(inChannel, examples, probabilities, combined: true).Threshold;
            }

            var aloneF1 = F1(train.Select(i => (examples[i], Alone(examples[i], probabilities[i], classifierT[examples[i].Item.Channel]))));
            if (best is null || aloneF1 > best.InnerF1 + 1e-9)
            {
                best = new Choice(config, classifierT, combinedT, aloneF1);
            }
        }

        return best!;
    }

    // Highest F1 over all channels among thresholds whose false-positive rate stays <= MaxFalsePositiveRate on every channel
    // (if none does, the one with the lowest worst-channel rate).
    private static (double Threshold, double F1) PickThreshold(List<int> indices, List<Example> examples, Dictionary<int, double> probabilities, bool combined)
    {
        var scored = Thresholds.Select(t =>
        {
            var flags = indices.Select(i => (examples[i], Flag: combined ? Combined(examples[i], probabilities[i], t) : Alone(examples[i], probabilities[i], t))).ToList();
            return (T: t, F1: F1(flags), WorstFpr: InjectionChannel.All.Max(c => FalsePositiveRate(flags.Where(f => f.Item1.Item.Channel == c))));
        }).ToList();
        var allowed = scored.Where(s => s.WorstFpr <= MaxFalsePositiveRate).ToList();
        if (allowed.Count == 0)
        {
            var safest = scored.MinBy(s => s.WorstFpr);
            return (safest.T, safest.F1);
        }

        // The highest threshold within F1Tolerance of the best inner F1: fewer flags at no measurable cost.
        var bestF1 = allowed.Max(s => s.F1);
        var chosen = allowed.Where(s => s.F1 >= bestF1 - F1Tolerance).MaxBy(s => s.T);
        return (chosen.T, chosen.F1);
    }

    // What the detector does: flagged by the rules + semantic layer, or by the classifier unless the semantic layer places the
    // text nearer a benign look-alike (that discount keeps the classifier's evidence under 0.5 on its own).
    private static bool Combined(Example e, double probability, double threshold) => e.Current || (probability >= threshold && !e.Lookalike);

    // What the detector does with the classifier (PromptInjectionDetector): it decides texts of 100–1,000 characters, conclusive
    // rules flag on their own, shorter texts keep rules + semantic plus a confident classifier, texts under 16 letters the rules + semantic.
    private static bool Shipped(Example e, double probability, double threshold)
    {
        var text = e.Item.Text;
        if (!InjectionClassifier.Reads(text))
        {
            return e.Current;
        }

        return e.RuleScore >= PromptInjectionDetector.ConclusiveRules
            || probability >= PromptInjectionDetector.ClassifierCut(text, threshold)
            || (!InjectionClassifier.Decides(text) && e.Current);
    }

    // The classifier deciding every text it reads (its features include the rules' verdict); shorter texts keep
    // the rules + semantic verdict.
    private static bool Alone(Example e, double probability, double threshold) =>
        InjectionClassifier.Reads(e.Item.Text) ? probability >= threshold : e.Current;

    private static double FalsePositiveRate(IEnumerable<(Example Example, bool Flag)> flags)
    {
        var negatives = flags.Where(f => !f.Example.Item.Label).ToList();
        return negatives.Count == 0 ? 0 : (double)negatives.Count(f => f.Flag) / negatives.Count;
    }

    private static double F1(IEnumerable<(Example Example, bool Flag)> flags)
    {
        var list = flags.ToList();
        var tp = list.Count(f => f.Example.Item.Label && f.Flag);
        var fp = list.Count(f => !f.Example.Item.Label && f.Flag);
        var fn = list.Count(f => f.Example.Item.Label && !f.Flag);
        return tp == 0 ? 0 : 2.0 * tp / ((2 * tp) + fp + fn);
    }

    private static (int[] Indices, float[] Values) Vector(Example e, InjectionFeatureSet features) =>
        InjectionFeatures.Vector(e.Item.Text, e.Item.Channel, features, e.RuleReasons, e.RuleScore);

    // As in the detector: texts too short for the classifier (InjectionClassifier.Reads) get no classifier evidence.
    private static double Probability(float[] weights, double bias, (int[] Indices, float[] Values) x, Example e)
    {
        if (!InjectionClassifier.Reads(e.Item.Text))
        {
            return 0;
        }

        var z = bias;
        for (var k = 0; k < x.Indices.Length; k++)
        {
            z += weights[x.Indices[k]] * x.Values[k];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    // ML.NET L-BFGS logistic regression on one thread with a fixed seed: the same data gives the same weights.
    private static (float[] Weights, double Bias) Fit((int[] Indices, float[] Values)[] vectors, List<int> rows, List<Example> examples, float l2)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows.Select(i => new Row
        {
            Label = examples[i].Item.Label,
            Features = new VBuffer<float>(InjectionFeatures.Dimensions, vectors[i].Indices.Length, vectors[i].Values, vectors[i].Indices),
        }));
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = l2,
            L1Regularization = 0,
            NumberOfThreads = 1,
            OptimizationTolerance = 1e-6f,
            MaximumNumberOfIterations = 200,
            ShowTrainingStatistics = false,
        });
        var model = trainer.Fit(data).Model.SubModel;
        var dense = new float[InjectionFeatures.Dimensions];
        var weights = model.Weights;
        for (var i = 0; i < weights.Count; i++)
        {
            dense[i] = weights[i];
        }

        return (dense, model.Bias);
    }

    private static JsonObject Pooled(List<Example> examples, (double Probability, bool Classifier, bool Combined, bool Shipped)[] outOfFold)
    {
        var result = new JsonObject();
        foreach (var (name, pick) in Detectors())
        {
            var rows = new JsonObject();
            foreach (var row in Rows(examples.Select((e, i) => (e, pick(e, outOfFold[i]))).ToList()))
            {
                rows[row.Channel] = new JsonObject { ["precision"] = Math.Round(row.Precision, 3), ["recall"] = Math.Round(row.Recall, 3), ["f1"] = Math.Round(row.F1, 3), ["fpr"] = Math.Round(row.FalsePositiveRate, 3) };
            }

            result[name] = rows;
        }

        return result;
    }

    private static IEnumerable<(string Name, Func<Example, (double Probability, bool Classifier, bool Combined, bool Shipped), bool> Pick)> Detectors() =>
    [
        ("rules+semantic", (e, _) => e.Current),
        ("shipped", (_, o) => o.Shipped),
        ("classifier alone", (_, o) => o.Classifier),
        ("rules+semantic OR classifier", (_, o) => o.Combined),
    ];

    private static List<InjectionQualityRow> Rows(List<(Example Example, bool Flag)> flags) =>
        InjectionQuality.Rows([.. flags.Select(f => (f.Example.Item, new InjectionVerdict(f.Flag ? 1 : 0, f.Flag, [])))]);

    private static string Report(List<Example> examples, (double Probability, bool Classifier, bool Combined, bool Shipped)[] outOfFold, Dictionary<string, Choice> choices, double threshold)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Leave-one-writer-out cross-validation of the prompt-injection classifier ({examples.Count} texts, {choices.Count} writers; detector threshold {threshold:0.00}). Each writer's file is held out in turn; features, L2 and per-channel thresholds are chosen by an inner leave-one-writer-out on the other writers (per-channel FPR <= {MaxFalsePositiveRate:P0} there). \"rules+semantic\" = the detector before the classifier (its rules, exemplars and bank were written/tuned with injection-set, heldout-set, multilingual-check and selfwritten-check in view: optimistic on those), \"shipped\" = what PromptInjectionDetector does (the classifier decides texts of 100–1,000 characters; rule scores >= 0.8 flag on their own; shorter texts: rules+semantic or classifier P >= 0.9), \"classifier alone\" = the classifier decides every text of 16+ letters at its own threshold (what the thresholds are chosen for), shorter texts keep rules+semantic; \"rules+semantic OR classifier\" = flagged by either (shipped before session 5; its thresholds are chosen for the OR).");
        md.AppendLine();
        md.AppendLine("Pooled over all held-out writers, per channel:");
        md.AppendLine();
        md.AppendLine("| detector | channel | precision | recall | F1 | FPR |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (name, pick) in Detectors())
        {
            foreach (var r in Rows([.. examples.Select((e, i) => (e, pick(e, outOfFold[i])))]))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.Channel} | {r.Precision:0.000} | {r.Recall:0.000} | {r.F1:0.000} | {r.FalsePositiveRate:P1} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Per held-out writer (all channels), and the configuration chosen without it:");
        md.AppendLine();
        md.AppendLine("| held-out writer | texts | chosen | rules+semantic P / R / F1 / FPR | classifier P / R / F1 / FPR | combined P / R / F1 / FPR |");
        md.AppendLine("|---|---:|---|---|---|---|");
        var macro = new Dictionary<string, List<InjectionQualityRow>>();
        foreach (var (writer, choice) in choices)
        {
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"| {writer} | {examples.Count(e => e.Writer == writer)} | {choice.Config}, {choice.Thresholds(true)} |");
            foreach (var (name, pick) in Detectors())
            {
                var r = Rows([.. examples.Select((e, i) => (e, i)).Where(p => p.e.Writer == writer).Select(p => (p.e, pick(p.e, outOfFold[p.i])))]).Where(r => r.Channel == "all").Single();
                line.Append(CultureInfo.InvariantCulture, $" {r.Precision:0.000} / {r.Recall:0.000} / {r.F1:0.000} / {r.FalsePositiveRate:P1} |");
                (macro.TryGetValue(name, out var list) ? list : macro[name] = []).Add(r);
            }

            md.AppendLine(line.ToString());
        }

        md.Append("| mean over writers | | |");
        foreach (var (name, _) in Detectors())
        {
            var rows = macro[name];
            md.Append(CultureInfo.InvariantCulture, $" {rows.Average(r => r.Precision):0.000} / {rows.Average(r => r.Recall):0.000} / {rows.Average(r => r.F1):0.000} / {rows.Average(r => r.FalsePositiveRate):P1} |");
        }

        md.AppendLine();
        md.AppendLine();
        md.AppendLine("Out-of-fold misses of the shipped detector:");
        md.AppendLine();
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            if (outOfFold[i].Shipped != e.Item.Label)
            {
                var text = e.Item.Text.Length > 110 ? e.Item.Text[..110] + "…" : e.Item.Text;
                md.AppendLine(FormattableString.Invariant($"- {(e.Item.Label ? "FN" : "FP")} {e.Item.Id} {e.Item.Channel} {e.Item.Category} p={outOfFold[i].Probability:0.00}: {text.ReplaceLineEndings(" ")}"));
            }
        }

        return md.ToString();
    }
}
