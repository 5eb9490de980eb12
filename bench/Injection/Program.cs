using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiNative.Platform.Governance.Injection;

// Detector quality on the hand-written labelled set (data/injection-set.jsonl, made by data/make_set.py), per channel,
// plus scan throughput on the same texts. Misses are printed so the set's hard cases stay visible.
var threshold = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : PromptInjectionDetector.DefaultThreshold;
var root = FindRoot();
var data = Path.Combine(root, "bench", "Injection", "data");
var development = InjectionQuality.Load(Path.Combine(data, "injection-set.jsonl"));
var heldOut = InjectionQuality.Load(Path.Combine(data, "heldout-set.jsonl"));
var items = development.Concat(heldOut).ToList();
var misses = new List<(LabelledText Item, InjectionVerdict Verdict)>();
var sets = new[] { ("development", InjectionQuality.Evaluate(development, threshold, misses)), ("held-out", InjectionQuality.Evaluate(heldOut, threshold, misses)) };

// Throughput: every text scanned 20 times after a warm-up pass.
foreach (var item in items)
{
    PromptInjectionDetector.Detect(item.Text, item.Channel);
}

var bytes = items.Sum(i => (long)Encoding.UTF8.GetByteCount(i.Text)) * 20;
var watch = Stopwatch.StartNew();
for (var round = 0; round < 20; round++)
{
    foreach (var item in items)
    {
        PromptInjectionDetector.Detect(item.Text, item.Channel);
    }
}

watch.Stop();
var perItemMicros = watch.Elapsed.TotalMicroseconds / (items.Count * 20);
var megabytesPerSecond = bytes / 1e6 / watch.Elapsed.TotalSeconds;

var markdown = new StringBuilder();
markdown.AppendLine(CultureInfo.InvariantCulture, $"Prompt-injection detector (threshold {threshold:0.00}); targets F1 >= 0.90, FPR <= 5 %. Development set: {development.Count} texts the rules were refined on; held-out set: {heldOut.Count} texts written afterwards and measured without changes.");
markdown.AppendLine();
markdown.AppendLine("| set | channel | items | attacks | precision | recall | F1 | false-positive rate |");
markdown.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var (set, rows) in sets)
{
    foreach (var r in rows)
    {
        markdown.AppendLine(CultureInfo.InvariantCulture, $"| {set} | {r.Channel} | {r.Items} | {r.Attacks} | {r.Precision:0.000} | {r.Recall:0.000} | {r.F1:0.000} | {r.FalsePositiveRate:P1} |");
    }
}

markdown.AppendLine();
markdown.AppendLine(CultureInfo.InvariantCulture, $"Scan cost: {perItemMicros:0.0} µs per text, {megabytesPerSecond:0.0} MB/s on one thread ({Environment.ProcessorCount} cores on the machine).");
Console.WriteLine(markdown);
Console.WriteLine("Misses:");
foreach (var (item, verdict) in misses)
{
    var text = item.Text.Length > 140 ? item.Text[..140] + "…" : item.Text;
    Console.WriteLine(FormattableString.Invariant($"  {(item.Label ? "FN" : "FP")} {item.Id} {item.Category} score={verdict.Score:0.00} [{string.Join(", ", verdict.Reasons)}] {text.ReplaceLineEndings(" ")}"));
}

var results = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "injection.md"), markdown.ToString());
await File.WriteAllTextAsync(
    Path.Combine(results, "injection.json"),
    JsonSerializer.Serialize(new { threshold, items = items.Count, sets = sets.Select(s => new { set = s.Item1, rows = s.Item2 }), misses = misses.Select(m => new { m.Item.Id, m.Item.Channel, m.Item.Category, m.Item.Label, m.Verdict.Score, m.Verdict.Reasons }), perItemMicros, megabytesPerSecond }, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Wrote {Path.Combine(results, "injection.json")} and injection.md");

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
