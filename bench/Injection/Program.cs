using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiNative.Platform.Governance.Injection;

// Detector quality per labelled set and channel (data/injection-set.jsonl, data/heldout-set.jsonl, plus any
// --heldout PATH given), the rules alone next to rules + semantic layer, and the scan cost of both in the same run.
// Usage: dotnet run -c Release -- [THRESHOLD] [--heldout PATH]... [--dump]   (--dump prints every text's nearest exemplars)
//        dotnet run -c Release -- --train   (leave-one-writer-out CV over data/*.jsonl, writes catalog/guardrails/injection-classifier.json)
var threshold = PromptInjectionDetector.DefaultThreshold;
var extra = new List<string>();
var dump = false;
var writeBank = false;
var crossValidate = false;
var train = false;
string? compare = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--heldout" when i + 1 < args.Length:
            extra.Add(Path.GetFullPath(args[++i]));
            break;
        case "--dump":
            dump = true;
            break;
        case "--write-bank":
            writeBank = true;
            break;
        case "--cv":
            crossValidate = true;
            break;
        case "--train":
            train = true;
            break;
        case "--compare" when i + 1 < args.Length:
            compare = Path.GetFullPath(args[++i]);
            break;
        default:
            if (!double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out threshold) || threshold is < 0 or > 1)
            {
                Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [THRESHOLD 0-1] [--heldout PATH]... [--dump]");
                return 2;
            }

            break;
    }
}

var root = FindRoot();
var data = Path.Combine(root, "bench", "Injection", "data");
var sets = new List<(string Name, List<LabelledText> Items)>
{
    ("development", InjectionQuality.Load(Path.Combine(data, "injection-set.jsonl"))),
    ("held-out-1", InjectionQuality.Load(Path.Combine(data, "heldout-set.jsonl"))),
};
foreach (var path in extra)
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"--heldout {path}: file not found");
        return 2;
    }

    sets.Add((Path.GetFileNameWithoutExtension(path), InjectionQuality.Load(path)));
}

if (compare is not null)
{
    // Texts (a JSON array of strings) whose verdict (or empty reasons) the classifier changes on any channel: what callers would see differently.
    foreach (var text in JsonSerializer.Deserialize<string[]>(File.ReadAllText(compare)) ?? [])
    {
        foreach (var channel in InjectionChannel.All)
        {
            var before = PromptInjectionDetector.Detect(text, channel, threshold, SemanticInjectionScorer.Shared, null);
            var after = PromptInjectionDetector.Detect(text, channel, threshold, SemanticInjectionScorer.Shared, InjectionClassifier.Embedded);
            if (before.Injection != after.Injection || (before.Reasons.Count == 0) != (after.Reasons.Count == 0))
            {
                Console.WriteLine(FormattableString.Invariant($"{channel} {before.Score:0.00} -> {after.Score:0.00} [{string.Join(", ", after.Reasons)}] {text.ReplaceLineEndings(" ")}"));
            }
        }
    }

    return 0;
}

if (train)
{
    // Every data/*.jsonl is one writer: leave-one-writer-out cross-validation, then the shipped artifact.
    return Training.Run(root, data, threshold);
}

var labelled = sets.Take(2).SelectMany(s => s.Items).ToList();
if (writeBank)
{
    CrossValidation.WriteBank(labelled, Path.Combine(root, "catalog", "guardrails", InjectionBank.FileName), threshold);
    return 0;
}

if (crossValidate)
{
    var before = SemanticTuning.Default with { BankMargin = null, UntrustedBankMargin = null };
    var (tuned, grid) = CrossValidation.Tune(labelled, threshold);
    Console.WriteLine(grid);
    Console.WriteLine(FormattableString.Invariant($"Chosen: bank margin {tuned.BankMargin}, document+tool bank margin {tuned.UntrustedBankMargin}, k {tuned.K}"));
    var cv = new StringBuilder();
    cv.AppendLine(CultureInfo.InvariantCulture, $"10-fold cross-validation on the {labelled.Count} labelled texts (development + held-out-1; each text scored against the bank without its fold). \"before\" = exemplars only, \"after\" = exemplars + bank vote (shipped tuning: {SemanticTuning.Default}).");
    cv.AppendLine();
    cv.AppendLine("| detector | channel | precision | recall | F1 | false-positive rate |");
    cv.AppendLine("|---|---|---:|---:|---:|---:|");
    foreach (var (name, tuning, bank, rules) in new[] { ("semantic alone, before", before, false, false), ("semantic alone, after", SemanticTuning.Default, true, false), ("rules+semantic, before", before, false, true), ("rules+semantic, after", SemanticTuning.Default, true, true) })
    {
        foreach (var r in CrossValidation.Evaluate(labelled, tuning, bank, rules, threshold))
        {
            cv.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.Channel} | {r.Precision:0.000} | {r.Recall:0.000} | {r.F1:0.000} | {r.FalsePositiveRate:P1} |");
        }
    }

    Console.WriteLine(cv);
    var cvOutput = Path.Combine(root, "bench", "results");
    Directory.CreateDirectory(cvOutput);
    await File.WriteAllTextAsync(Path.Combine(cvOutput, "injection-cv.md"), cv + Environment.NewLine + grid);
    return 0;
}

var items = sets.SelectMany(s => s.Items).ToList();
var misses = new List<(string Set, LabelledText Item, InjectionVerdict Verdict)>();
var results = new List<(string Set, string Detector, List<InjectionQualityRow> Rows)>();
foreach (var (name, setItems) in sets)
{
    results.Add((name, "rules", InjectionQuality.Evaluate(setItems, threshold, rulesOnly: true)));
    var setMisses = new List<(LabelledText Item, InjectionVerdict Verdict)>();
    results.Add((name, "rules+semantic", InjectionQuality.Evaluate(setItems, threshold, withClassifier: false)));
    results.Add((name, "shipped", InjectionQuality.Evaluate(setItems, threshold, setMisses)));
    misses.AddRange(setMisses.Select(m => (name, m.Item, m.Verdict)));
}

if (extra.Count > 1)
{
    // Several --heldout sets (e.g. two unseen writers): their union as one more set, so the pooled figure is measured, not averaged.
    var pooled = sets.Skip(2).SelectMany(s => s.Items).ToList();
    const string name = "--heldout pooled";
    results.Add((name, "rules", InjectionQuality.Evaluate(pooled, threshold, rulesOnly: true)));
    results.Add((name, "rules+semantic", InjectionQuality.Evaluate(pooled, threshold, withClassifier: false)));
    results.Add((name, "shipped", InjectionQuality.Evaluate(pooled, threshold)));
}

// Cost: every text scanned 5 times per detector after the warm-up above (which filled the sentence-vector cache, as
// repeated chunks and tool outputs do in production), then once more with a cold cache to show the embedding cost.
var rulesCost = Cost(() => Scan(null, null));
var classifierCost = Cost(() =>
{
    foreach (var item in items)
    {
        InjectionClassifier.Embedded.Probability(item.Text, item.Channel, [], 0);
    }
});
var rulesClassifierCost = Cost(() => Scan(null, InjectionClassifier.Embedded));
var warmCost = Cost(() => Scan(SemanticInjectionScorer.Shared, null));
var combinedCost = Cost(() => Scan(SemanticInjectionScorer.Shared, InjectionClassifier.Embedded));
var coldScorer = new SemanticInjectionScorer(new AiNative.Platform.ModelPlane.Embeddings.MiniLmEmbeddingGenerator(), InjectionExemplarCatalog.Embedded);
coldScorer.Score(["warm the model and the exemplar vectors"]);
var coldCost = Cost(() => Scan(coldScorer, null), rounds: 1);

var markdown = new StringBuilder();
markdown.AppendLine(CultureInfo.InvariantCulture, $"Prompt-injection detector (threshold {threshold:0.00}); targets F1 >= 0.90, FPR <= 5 % per channel. Sets: {string.Join(", ", sets.Select(s => $"{s.Name} ({s.Items.Count} texts)"))}. \"rules\" = phrase rules alone, \"rules+semantic\" = with the MiniLM exemplar layer (catalog/guardrails/{InjectionExemplarCatalog.FileName} v{InjectionExemplarCatalog.Embedded.Version}).");
markdown.AppendLine();
markdown.AppendLine("| set | detector | channel | items | attacks | precision | recall | F1 | false-positive rate |");
markdown.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var (set, detector, rows) in results)
{
    foreach (var r in rows)
    {
        markdown.AppendLine(CultureInfo.InvariantCulture, $"| {set} | {detector} | {r.Channel} | {r.Items} | {r.Attacks} | {r.Precision:0.000} | {r.Recall:0.000} | {r.F1:0.000} | {r.FalsePositiveRate:P1} |");
    }
}

markdown.AppendLine();
markdown.AppendLine(CultureInfo.InvariantCulture, $"Scan cost per text (process CPU time, one thread, {Environment.ProcessorCount} cores, load average {LoadAverage()}): rules {rulesCost.CpuMicros:0} µs; classifier alone {classifierCost.CpuMicros:0} µs (n-grams, no embedding); rules+classifier {rulesClassifierCost.CpuMicros:0} µs; rules+semantic {warmCost.CpuMicros:0} µs with cached sentence vectors; shipped {combinedCost.CpuMicros:0} µs cached; {coldCost.CpuMicros:0} µs embedding every sentence ({coldCost.CpuMicros / Math.Max(1, rulesCost.CpuMicros):0}x the rules). Wall: {rulesCost.WallMicros:0} / {classifierCost.WallMicros:0} / {rulesClassifierCost.WallMicros:0} / {warmCost.WallMicros:0} / {combinedCost.WallMicros:0} / {coldCost.WallMicros:0} µs.");
Console.WriteLine(markdown);
Console.WriteLine("Misses (rules+semantic):");
foreach (var (set, item, verdict) in misses)
{
    var text = item.Text.Length > 140 ? item.Text[..140] + "…" : item.Text;
    Console.WriteLine(FormattableString.Invariant($"  {(item.Label ? "FN" : "FP")} {set} {item.Id} {item.Category} score={verdict.Score:0.00} [{string.Join(", ", verdict.Reasons)}] {text.ReplaceLineEndings(" ")}"));
}

if (dump)
{
    Console.WriteLine("Nearest exemplars (label channel rules-score final-score | best attack sentence: attack benign intent):");
    foreach (var item in items)
    {
        var rules = PromptInjectionDetector.Detect(item.Text, item.Channel, threshold, null, null);
        var final = PromptInjectionDetector.Detect(item.Text, item.Channel, threshold);
        var best = SemanticEvidence.Similarities(item.Text, SemanticInjectionScorer.Shared).DefaultIfEmpty().MaxBy(s => s.Attack + s.Margin);
        Console.WriteLine(FormattableString.Invariant($"  {item.Id} {(item.Label ? "ATTACK" : "benign")} {item.Channel} {rules.Score:0.00} {final.Score:0.00} | a={best.Attack:0.000} b={best.Benign:0.000} m={best.Margin:0.000} {best.Intent} :: {best.Sentence}"));
    }
}

var output = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(output);
await File.WriteAllTextAsync(Path.Combine(output, "injection.md"), markdown.ToString());
await File.WriteAllTextAsync(
    Path.Combine(output, "injection.json"),
    JsonSerializer.Serialize(
        new
        {
            threshold,
            catalogVersion = InjectionExemplarCatalog.Embedded.Version,
            items = items.Count,
            sets = results.Select(r => new { set = r.Set, detector = r.Detector, rows = r.Rows }),
            misses = misses.Select(m => new { m.Set, m.Item.Id, m.Item.Channel, m.Item.Category, m.Item.Label, m.Verdict.Score, m.Verdict.Reasons }),
            cost = new { rules = rulesCost, classifier = classifierCost, rulesClassifier = rulesClassifierCost, semanticCached = warmCost, combinedCached = combinedCost, semanticCold = coldCost },
        },
        new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Wrote {Path.Combine(output, "injection.json")} and injection.md");
return 0;

void Scan(SemanticInjectionScorer? scorer, InjectionClassifier? classifier)
{
    foreach (var item in items)
    {
        PromptInjectionDetector.Detect(item.Text, item.Channel, threshold, scorer, classifier);
    }
}

(double CpuMicros, double WallMicros) Cost(Action scan, int rounds = 5)
{
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    for (var round = 0; round < rounds; round++)
    {
        scan();
    }

    watch.Stop();
    process.Refresh();
    var n = (double)items.Count * rounds;
    return ((process.TotalProcessorTime - cpu).TotalMicroseconds / n, watch.Elapsed.TotalMicroseconds / n);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "AiNative.Functions.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run from inside the repository (AiNative.Functions.sln not found above the binary).");
}
