using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiNative.Bench.Pii;
using AiNative.Platform.Governance.Pii;

// PII quality on the labelled set, then detect+redact throughput on one thread, side by side with npm redact-pii
// (same messages, one message per call). Options: --seconds N (CPU seconds per engine), --errors (list misses and false
// alarms), --profile (steady-state CPU time per message with one recognizer at a time), --stages (CPU time and allocations per message of each pass), --dump OUT [--texts IN.json] (every finding, for diffing a refactor), --no-peer (skip redact-pii), --warmup N (CPU seconds of warm-up per engine and input, default 2), --doc-sizes N,M (also time documents of ~N characters made of the joined messages; 0: messages only), --no-mixed (skip the mixed texts of bench/Injection/data).
var seconds = Arg("--seconds", 5.0);
var repositoryRoot = FindRepositoryRoot();
var dataPath = Path.Combine(repositoryRoot, "bench", "Pii", "data", "labelled.jsonl");
var results = Path.Combine(repositoryRoot, "bench", "results");
Directory.CreateDirectory(results);
var set = PiiScoring.Load(dataPath);
var redactor = new RegexPiiRedactor();

// 1. Quality.
var scores = PiiScoring.Score(set, redactor.Analyze);
var structured = PiiScoring.Micro(scores, PiiEntityTypes.Structured, "micro (structured)");
var all = PiiScoring.Micro(scores, new HashSet<string>(scores.Select(s => s.Type)), "micro (all)");
if (args.Contains("--errors"))
{
    PrintErrors(set, redactor);
}

if (Array.IndexOf(args, "--dump") is var dump and >= 0)
{
    // Every finding of every text in a JSON array of strings (default: the labelled set) to a file, so a change to the
    // analyzer can be diffed for identical output: --dump OUT [--texts IN.json].
    var textsFile = Array.IndexOf(args, "--texts") is var t and >= 0 ? args[t + 1] : null;
    var texts = textsFile is null ? set.Select(x => x.Text).ToList() : JsonSerializer.Deserialize<List<string>>(File.ReadAllText(textsFile))!;
    await File.WriteAllLinesAsync(args[dump + 1], texts.Select((x, i) => $"{i}: " + string.Join(" ", PiiAnalyzer.Analyze(x).Select(f => $"{f.Type}@{f.Start}-{f.End}:{f.Score:0.00}")) + " | " + redactor.Redact(x).Text.ReplaceLineEndings("\\n")));
    return 0;
}

if (args.Contains("--profile"))
{
    Profile(set.Select(t => t.Text).SelectMany(t => t.Split("\n\n")).Where(m => m.Length > 0).ToList(), seconds);
}

// 2. Throughput: the labelled texts, shuffled, as messages of a few hundred bytes (how the platform calls it).
var random = new Random(7);
var messages = set.Select(t => t.Text).SelectMany(t => t.Split("\n\n")).Where(m => m.Length > 0).ToList();
var corpus = Enumerable.Range(0, 40).SelectMany(_ => messages.OrderBy(_ => random.Next())).ToList();
var bytes = corpus.Sum(m => (long)Encoding.UTF8.GetByteCount(m));
var chars = corpus.Sum(m => (long)m.Length);
if (args.Contains("--stages"))
{
    PiiStages.Run(corpus.Take(messages.Count).ToList(), seconds);
    return 0;
}

// The same messages joined (blank line between) into documents of about N characters each (--doc-sizes, default
// 2048,20480; 0 for none): per-message fixed cost against per-character cost.
var inputs = new List<(string Name, List<string> Items)> { ("messages", corpus) };
foreach (var size in ArgText("--doc-sizes", "2048,20480").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Where(s => s > 0))
{
    inputs.Add(($"~{size / 1024.0:0.#} KB documents", Documents(corpus, size)));
}

// Mixed enterprise text at its natural PII density: every text of the injection bench's sets (tickets, chats, e-mails,
// documents, tool outputs, logs; 16 writers; 45 % hold characters beyond ASCII, many are not English; about one text in
// six holds PII) and each labelled
// message once. The labelled messages alone are the PII-dense worst case (an entity every ~85 characters). --no-mixed
// skips it.
if (!args.Contains("--no-mixed"))
{
    inputs.Add(("mixed texts", [.. MixedTexts(repositoryRoot).Concat(messages).OrderBy(_ => random.Next())]));
}

var warmUp = Arg("--warmup", 2.0);
var rows = new List<(string Input, Throughput Ours, Throughput? Peer)>();
string? peerNote = null;
foreach (var (name, items) in inputs)
{
    var ours = Measure(redactor, items, seconds, warmUp);
    Throughput? peer = null;
    if (!args.Contains("--no-peer") && peerNote is null)
    {
        // The peer gets as much warm-up as the .NET side took to settle.
        (peer, peerNote) = await RunPeerAsync(repositoryRoot, results, items, seconds, Math.Max(warmUp, ours.WarmUpSeconds));
    }

    rows.Add((name, ours, peer));
}

var (_, messageRun, messagePeer) = rows[0];
var mixedRow = rows.Find(r => r.Input == "mixed texts");

// 3. Report.
var report = new
{
    measuredAt = DateTimeOffset.UtcNow,
    machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
    dataSet = new { path = "bench/Pii/data/labelled.jsonl", texts = set.Count, entities = set.Sum(t => t.Entities.Count) },
    quality = scores.Append(structured).Append(all).Select(s => new { s.Type, s.Expected, tp = s.TruePositives, fp = s.FalsePositives, fn = s.FalseNegatives, precision = Round(s.Precision), recall = Round(s.Recall), f2 = Round(s.F2) }),
    throughput = rows.SelectMany(r => new[] { r.Ours, r.Peer }.OfType<Throughput>().Select(t => new { input = r.Input, averageChars = r.Input == "messages" ? chars / corpus.Count : t.Chars / t.Messages, t.Engine, itemsProcessed = t.Messages, mbPerCpuSecond = Round(t.MegabytesPerSecond), itemsPerCpuSecond = Math.Round(t.MessagesPerSecond), cpuSeconds = t.Seconds, t.WallSeconds, warmUpCpuSeconds = Round(t.WarmUpSeconds) })),
    speedup = messagePeer is null ? (double?)null : Round(messageRun.MegabytesPerSecond / messagePeer.MegabytesPerSecond),
    speedupMixed = mixedRow is { Peer: { } mixedPeer } ? Round(mixedRow.Ours.MegabytesPerSecond / mixedPeer.MegabytesPerSecond) : (double?)null,
    peerNote,
};
await File.WriteAllTextAsync(Path.Combine(results, "pii.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));

var md = new StringBuilder();
md.AppendLine(CultureInfo.InvariantCulture, $"Data set: {set.Count} texts, {set.Sum(t => t.Entities.Count)} labelled entities (min score 0.5; overlap + same type = match).");
md.AppendLine();
md.AppendLine("| entity | labelled | TP | FP | FN | precision | recall | F2 |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var s in scores.Append(structured).Append(all))
{
    md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Type} | {s.Expected} | {s.TruePositives} | {s.FalsePositives} | {s.FalseNegatives} | {s.Precision:0.000} | {s.Recall:0.000} | {s.F2:0.000} |");
}

md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"Throughput, one thread, measured in process CPU time (the machine is shared, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}), {corpus.Count:N0} messages of {chars / corpus.Count} characters on average ({bytes / 1e6:0.0} MB per pass); the documents are the same messages joined:");
md.AppendLine();
md.AppendLine("| input | engine | MB per CPU-second | items per CPU-second | speed-up |");
md.AppendLine("|---|---|---:|---:|---:|");
foreach (var (input, ours, peer) in rows)
{
    foreach (var t in new[] { ours, peer }.OfType<Throughput>())
    {
        var ratio = t == ours && peer is not null ? $"{ours.MegabytesPerSecond / peer.MegabytesPerSecond:0.0}x" : "";
        md.AppendLine(CultureInfo.InvariantCulture, $"| {input} ({t.Chars / t.Messages:N0} chars) | {t.Engine} | {t.MegabytesPerSecond:0.0} | {t.MessagesPerSecond:N0} | {ratio} |");
    }
}

if (messagePeer is not null)
{
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"Speed-up over redact-pii on the PII-dense messages: {messageRun.MegabytesPerSecond / messagePeer.MegabytesPerSecond:0.0}x.");
    if (mixedRow is { Peer: { } peerOnMixed })
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"On the mixed texts: {mixedRow.Ours.MegabytesPerSecond:0.0} MB per CPU-second, {mixedRow.Ours.MegabytesPerSecond / peerOnMixed.MegabytesPerSecond:0.0}x redact-pii.");
    }
}
else if (peerNote is not null)
{
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"redact-pii not measured: {peerNote}");
}

await File.WriteAllTextAsync(Path.Combine(results, "pii.md"), md.ToString());
Console.Write(md.ToString());
return 0;

static async Task<(Throughput?, string?)> RunPeerAsync(string repositoryRoot, string results, List<string> corpus, double seconds, double warmUp)
{
    // npm redact-pii@3.4.0 installed bench-locally (bench/results is git-ignored) on first run.
    var prefix = Path.Combine(results, "npm");
    if (!Directory.Exists(Path.Combine(prefix, "node_modules", "redact-pii")))
    {
        var (code, output) = await RunAsync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "redact-pii@3.4.0"], null);
        if (code != 0)
        {
            return (null, $"npm install failed: {output.Trim()}");
        }
    }

    // The peer's cost grows faster than its input: one message per call, as the .NET side does.
    var messagesFile = Path.Combine(results, "pii-messages.json");
    await File.WriteAllTextAsync(messagesFile, JsonSerializer.Serialize(corpus.Take(Math.Min(corpus.Count, 5000))));
    var (exit, json) = await RunAsync("node", [Path.Combine(repositoryRoot, "bench", "Pii", "peer.js"), messagesFile, seconds.ToString(CultureInfo.InvariantCulture), warmUp.ToString(CultureInfo.InvariantCulture)],
        Path.Combine(prefix, "node_modules"));
    if (exit != 0)
    {
        return (null, $"node failed: {json.Trim()}");
    }

    using var doc = JsonDocument.Parse(json);
    var r = doc.RootElement;
    var passes = r.GetProperty("passes").GetInt32();
    return (new Throughput("npm redact-pii 3.4.0 SyncRedactor (Node " + (await RunAsync("node", ["--version"], null)).Output.Trim() + ")",
        (long)r.GetProperty("messages").GetInt32() * passes, r.GetProperty("bytes").GetInt64() * passes, r.GetProperty("chars").GetInt64() * passes, r.GetProperty("cpuSeconds").GetDouble(), r.GetProperty("seconds").GetDouble())
    {
        WarmUpSeconds = warmUp,
    }, null);
}

static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string? nodePath)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }

    if (nodePath is not null)
    {
        start.Environment["NODE_PATH"] = nodePath;
    }

    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    return (process.ExitCode, process.ExitCode == 0 ? await stdout : await stderr + await stdout);
}

static void PrintErrors(IReadOnlyList<LabelledText> set, RegexPiiRedactor redactor)
{
    foreach (var text in set)
    {
        var findings = redactor.Analyze(text.Text).Where(f => f.Score >= 0.5).ToList();
        foreach (var f in findings.Where(f => !text.Entities.Any(e => e.Type == f.Type && e.Start < f.End && f.Start < e.End)))
        {
            Console.WriteLine($"FP {text.Id} {f.Type} {f.Score:0.00} '{text.Text[f.Start..f.End]}'");
        }

        foreach (var e in text.Entities.Where(e => !findings.Any(f => e.Type == f.Type && e.Start < f.End && f.Start < e.End)))
        {
            var other = findings.FirstOrDefault(f => e.Start < f.End && f.Start < e.End);
            Console.WriteLine($"FN {text.Id} {e.Type} '{text.Text[e.Start..e.End]}'{(other is null ? "" : $" (found as {other.Type} {other.Score:0.00})")}");
        }
    }
}

// CPU time of Analyze on the bench's messages with one recognizer enabled at a time, in steady state: every
// configuration runs once first (tiered JIT), then each gets a CPU-time budget; "(none)" is the shared passes and
// per-message fixed cost alone, "(all)" the whole table (the analyzer's private table, switched by reflection: a diagnostic only).
static void Profile(List<string> texts, double seconds)
{
    var field = typeof(PiiAnalyzer).Assembly.GetType("AiNative.Platform.Governance.Pii.PiiRecognizers")!.GetField("All")!;
    var table = (Array)field.GetValue(null)!;
    var original = table.Cast<object>().ToArray();
    string[] never = ["\u0001never"];
    var disabled = original.Select(r =>
    {
        var clone = r.GetType().GetMethod("<Clone>$")!.Invoke(r, null)!;
        r.GetType().GetProperty("Triggers")!.SetValue(clone, never);
        return clone;
    }).ToArray();
    var chars = texts.Sum(t => (double)t.Length);
    var budget = Math.Max(0.2, seconds / 10);
    for (var round = 0; round < 2; round++)
    {
        // Round 0 warms every configuration up (its timings are discarded), round 1 measures.
        for (var i = -2; i < original.Length; i++)
        {
            for (var j = 0; j < original.Length; j++)
            {
                table.SetValue(i == -2 || j == i ? original[j] : disabled[j], j);
            }

            // The analyzer's trigger masks are built from the table.
            PiiRecognizerMasks.Rebuild();

            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var passes = 0;
            do
            {
                foreach (var t in texts)
                {
                    PiiAnalyzer.Analyze(t);
                }

                passes++;
            }
            while ((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds < (round == 0 ? budget / 4 : budget));

            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
            if (round == 1)
            {
                var name = i == -2 ? "(all)" : i < 0 ? "(none)" : original[i].GetType().GetProperty("Pattern")!.GetValue(original[i])!.ToString()!;
                var line = string.Create(CultureInfo.InvariantCulture, $"{cpu * 1e9 / (chars * passes),8:0.00} ns/char {cpu * 1e9 / (texts.Count * (double)passes),8:0} ns/message  {name}");
                Console.WriteLine(line[..Math.Min(line.Length, 140)]);
            }
        }
    }

    for (var j = 0; j < original.Length; j++)
    {
        table.SetValue(original[j], j);
    }

    PiiRecognizerMasks.Rebuild();
}

static double Round(double value) => Math.Round(value, 3);

// Redact every item until the CPU budget is spent, after the same warm-up for every input (tiered JIT of ~40 regexes).
static Throughput Measure(RegexPiiRedactor redactor, List<string> items, double seconds, double warmUp)
{
    // Warm-up until tiered JIT has settled: at least warmUp CPU-seconds, and no method compiled during the last CPU-second
    // (capped at 30). A fixed 2 CPU-seconds left tier-1 compilation of the ~40 regexes running into the timed phase on a
    // loaded machine (its CPU is this process's): the first input then measured up to 2x slower than the same input
    // timed again in the same process.
    var warmUpStart = Process.GetCurrentProcess().TotalProcessorTime;
    var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
    var settledSince = 0.0;
    double used;
    do
    {
        foreach (var m in items.Take(2000))
        {
            redactor.Redact(m);
        }

        used = (Process.GetCurrentProcess().TotalProcessorTime - warmUpStart).TotalSeconds;
        if (System.Runtime.JitInfo.GetCompiledMethodCount() is var now && now != compiled)
        {
            (compiled, settledSince) = (now, used);
        }
    }
    while ((used < warmUp || used - settledSince < 1.0) && used < 30);

    Thread.CurrentThread.Priority = ThreadPriority.Highest;
    var passes = 0;
    long sink = 0;
    // The machine is shared (load far above its 2 cores): CPU time of this process, not wall time, is the measure.
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    do
    {
        foreach (var m in items)
        {
            sink += redactor.Redact(m).Text.Length;
        }

        passes++;
    }
    while ((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds < seconds);
    watch.Stop();
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    GC.KeepAlive(sink);
    return new Throughput("AiNative RegexPiiRedactor (detect + replace)", (long)items.Count * passes, items.Sum(m => (long)Encoding.UTF8.GetByteCount(m)) * passes, items.Sum(m => (long)m.Length) * passes, cpu, watch.Elapsed.TotalSeconds)
    {
        WarmUpSeconds = used,
    };
}

// The "text" of every line of bench/Injection/data/**/*.jsonl.
static IEnumerable<string> MixedTexts(string repositoryRoot) =>
    Directory.EnumerateFiles(Path.Combine(repositoryRoot, "bench", "Injection", "data"), "*.jsonl", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .SelectMany(File.ReadLines)
        .Where(line => line.Length > 0)
        .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);

// Messages joined by a blank line, a document ending once it reaches `size` characters.
static List<string> Documents(List<string> messages, int size)
{
    var documents = new List<string>();
    var current = new StringBuilder();
    foreach (var m in messages)
    {
        current.Append(current.Length == 0 ? "" : "\n\n").Append(m);
        if (current.Length >= size)
        {
            documents.Add(current.ToString());
            current.Clear();
        }
    }

    return documents;
}

static string ArgText(string name, string fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static double Arg(string name, double fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "AiNative.Functions.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

/// <summary>One engine's measured run.</summary>
internal sealed record Throughput(string Engine, long Messages, long Bytes, long Chars, double Seconds, double WallSeconds)
{
    /// <summary>CPU-seconds of warm-up before the timed phase (the peer's is the budget it was given).</summary>
    public double WarmUpSeconds { get; init; }

    public double MegabytesPerSecond => Bytes / 1e6 / Seconds;

    /// <summary>Messages processed (all passes) per second.</summary>
    public double MessagesPerSecond => Messages / Seconds;
}
