using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiNative.Bench.Ingestion;
using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.Storage.Local;
using AiNative.Standalone;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Ingestion throughput end to end on the local engine: the Standalone host (HTTP API → ingest queue → IngestDocument on the
// Durable Task engine over Azurite → redaction, chunking, MiniLM embeddings, SQLite store), documents submitted at once and
// timed until every one reads "indexed". In the same run, the same embedding inputs are embedded directly with the same
// generator (same batches, one after another): the model's own cost. A timeline of embedding calls and activity spans
// splits the end-to-end time into model busy, other activities, and engine gaps (nothing running).
var documents = Option("--documents", 8);
var chunksPerDocument = Option("--chunks-per-document", 40);
var warmupDocuments = Option("--warmup-documents", 4);
var work = Path.Combine(Path.GetTempPath(), "ainative-bench-ingestion-" + Guid.NewGuid().ToString("N"));
var random = new Random(7);

await using var azurite = await new AzuriteLauncher(NullLogger<AzuriteLauncher>.Instance).StartAsync(AzuritePorts.Free(), Path.Combine(work, "azurite"));
using var timeline = new Timeline();

await using var host = await StandaloneHost.StartAsync([], new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["AiNative:DataDirectory"] = Path.Combine(work, "data"),
    ["AiNative:SeedDemoData"] = "false",
    ["AINATIVE_TASK_HUB"] = "benchingest",
    ["urls"] = "http://127.0.0.1:0",
    ["Logging:LogLevel:Default"] = "Warning",
});
using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromMinutes(2) };
var generator = host.App.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
var batchSize = host.App.Services.GetRequiredService<IOptions<IngestionOptions>>().Value.BatchSize;

// Warm-up of both paths, outside the measurement: loads MiniLM, the tokenizer and the store, and lets tiered JIT compile
// the hot code. A profile (perf) of a run warmed up with one 3-chunk document showed the JIT's background thread busy
// during the whole first measured phase (≈ 18 CPU-s, a third of the model's CPU), and almost idle in the second: the phase
// measured first paid for compiling code the other then reused.
var warmup = Enumerable.Range(0, warmupDocuments).Select(d => ($"warmup-{d}", Document(chunksPerDocument))).ToList();
await IngestAllAsync(warmup);
await EmbedAloneAsync(warmup);

var corpus = Enumerable.Range(0, documents).Select(d => ($"bench-{d}", Document(chunksPerDocument))).ToList();
var loadBefore = LoadAverage();
timeline.Clear();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var azuriteCpu = ChildProcessCpuSeconds();
var start = Timeline.Now;
var chunks = await IngestAllAsync(corpus);
var window = new Span(start, Timeline.Now);
var pipelineCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
var pipelineAzuriteCpu = ChildProcessCpuSeconds() - azuriteCpu;
var breakdown = timeline.Split(window);

// The model alone, right after, in the same process: the same embedding inputs the pipeline builds (same chunker,
// heading context, batches of Ingestion:BatchSize per document), through the same generator, one batch after another.
// The pipeline keeps up to 8 batches in flight, but the local MiniLM generator runs one encode at a time (a lock), so
// both sides get the same model parallelism (ONNX's own threads); the pipeline's extra in-flight batches only queue.
cpu = Process.GetCurrentProcess().TotalProcessorTime;
var direct = Stopwatch.StartNew();
var texts = await EmbedAloneAsync(corpus);
direct.Stop();
var aloneCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
var loadAfter = LoadAverage();

var wallSeconds = window.Length;
var modelSeconds = direct.Elapsed.TotalSeconds;
var rows = new[]
{
    new Row("end to end (HTTP → queue → orchestration → indexed)", chunks, wallSeconds, chunks / wallSeconds, 1.0),
    new Row("embedding only (same inputs and batches, same generator, sequential)", texts, modelSeconds, texts / modelSeconds, modelSeconds / wallSeconds),
    // When embedding alone took longer than the whole pipeline, the machine's load changed between the phases and the
    // difference measures nothing: the row says n/a instead of a negative or huge number.
    wallSeconds > modelSeconds
        ? new Row("everything else (end to end minus embedding only)", chunks, wallSeconds - modelSeconds, chunks / (wallSeconds - modelSeconds), (wallSeconds - modelSeconds) / wallSeconds)
        : new Row("everything else (end to end minus embedding only): n/a, embedding alone took longer than end to end (load changed between phases)", chunks, null, null, null),
};
var split = new[]
{
    new Part("model busy (union of embedding calls)", breakdown.EmbeddingSeconds, breakdown.EmbeddingSeconds / wallSeconds),
    new Part("other activities running, model idle", breakdown.OtherActivitySeconds, breakdown.OtherActivitySeconds / wallSeconds),
    new Part("no activity running (engine: queues, replays; HTTP; status polling)", breakdown.EngineGapSeconds, breakdown.EngineGapSeconds / wallSeconds),
    new Part("… of which before the first embedding call", breakdown.BeforeFirstEmbeddingSeconds, breakdown.BeforeFirstEmbeddingSeconds / wallSeconds),
    new Part("… of which after the last embedding call", breakdown.AfterLastEmbeddingSeconds, breakdown.AfterLastEmbeddingSeconds / wallSeconds),
};

// CPU is what the two cores are shared for, and it does not depend on what other processes on the machine do: the
// pipeline's own share is its CPU (this process + Azurite) minus the model's CPU for the same work (embedding alone).
var pipelineTotalCpu = pipelineCpu + pipelineAzuriteCpu;
var cpuSplit = new[]
{
    new Part("pipeline run, CPU of this process + Azurite", pipelineTotalCpu, 1.0),
    new Part("… the model's part (CPU of embedding alone, same inputs)", aloneCpu, aloneCpu / pipelineTotalCpu),
    new Part("… everything else (the pipeline's own CPU)", pipelineTotalCpu - aloneCpu, (pipelineTotalCpu - aloneCpu) / pipelineTotalCpu),
    new Part("… of which Azurite", pipelineAzuriteCpu, pipelineAzuriteCpu / pipelineTotalCpu),
};

var results = Path.Combine(RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "ingestion.json"), JsonSerializer.Serialize(new
{
    machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
    loadAverageBefore = loadBefore,
    loadAverageAfter = loadAfter,
    embedding = "all-MiniLM-L6-v2 (local, ONNX)",
    documents,
    chunksPerDocument,
    warmupDocuments,
    batchSize,
    chunks,
    wallSeconds,
    embeddingOnlySeconds = modelSeconds,
    pipelineProcessCpuSeconds = pipelineCpu,
    pipelineAzuriteCpuSeconds = pipelineAzuriteCpu,
    embeddingOnlyProcessCpuSeconds = aloneCpu,
    rows,
    timeline = breakdown,
    split,
    cpuSplit,
}, new JsonSerializerOptions { WriteIndented = true }));
var markdown = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}. Batch size {batchSize}.\n\n");
markdown.Append("| part | chunks | seconds | chunks/s | share of end to end |\n|---|---:|---:|---:|---:|\n");
foreach (var r in rows)
{
    markdown.Append(CultureInfo.InvariantCulture, $"| {r.Part} | {r.Chunks:N0} | {Show(r.Seconds, "F1")} | {Show(r.ChunksPerSecond, "F1")} | {Show(r.Share, "P0")} |\n");
}

markdown.Append("\nWhere the end-to-end time went (timeline of the run: embedding calls and Durable Task activity spans):\n\n");
markdown.Append("| part of end to end | seconds | share |\n|---|---:|---:|\n");
foreach (var p in split)
{
    markdown.Append(CultureInfo.InvariantCulture, $"| {p.Name} | {p.Seconds:F1} | {p.Share:P0} |\n");
}

markdown.Append("\nCPU (robust to other load on the machine):\n\n| CPU | seconds | share |\n|---|---:|---:|\n");
foreach (var p in cpuSplit)
{
    markdown.Append(CultureInfo.InvariantCulture, $"| {p.Name} | {p.Seconds:F1} | {p.Share:P0} |\n");
}

markdown.Append("\n| activity | runs | seconds summed | longest s |\n|---|---:|---:|---:|\n");
foreach (var a in breakdown.Activities)
{
    markdown.Append(CultureInfo.InvariantCulture, $"| {a.Name} | {a.Count} | {a.Seconds:F2} | {a.LongestSeconds:F2} |\n");
}

markdown.Append(CultureInfo.InvariantCulture,
    $"\nEmbedding calls in the pipeline: {breakdown.EmbeddingCalls}, {breakdown.EmbeddingCallSecondsSummed:F1} s summed (includes waiting for the model). " +
    $"CPU: pipeline {pipelineCpu:F1} s in this process + {pipelineAzuriteCpu:F1} s in Azurite (node); embedding alone {aloneCpu:F1} s.\n");
await File.WriteAllTextAsync(Path.Combine(results, "ingestion.md"), markdown.ToString());
Console.WriteLine(markdown);
await host.DisposeAsync();
try
{
    Directory.Delete(work, recursive: true);
}
catch (IOException)
{
}

static string Show(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

async Task<int> IngestAllAsync(List<(string Id, string Text)> batch)
{
    foreach (var (id, text) in batch)
    {
        var response = await http.PostAsJsonAsync("/api/documents", new { id, source = $"bench/{id}.md", title = id, contentType = "text/markdown", content = text });
        response.EnsureSuccessStatusCode();
    }

    // Like a client waiting for its uploads: one status read per 100 ms, for the oldest document not yet indexed (reading
    // all of them every 100 ms made the poll itself a visible share of the machine's CPU).
    var pending = new Queue<string>(batch.Select(b => b.Id));
    var total = 0;
    var deadline = Stopwatch.StartNew();
    while (pending.Count > 0)
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(30))
        {
            throw new TimeoutException($"Still not indexed: {string.Join(", ", pending)}");
        }

        var status = await http.GetFromJsonAsync<JsonElement>($"/api/documents/{pending.Peek()}");
        var state = status.GetProperty("status").GetString();
        if (state == "failed")
        {
            throw new InvalidOperationException($"{pending.Peek()} failed: {status}");
        }

        if (state == "indexed")
        {
            total += status.GetProperty("chunks").GetInt32();
            pending.Dequeue();
            continue;
        }

        await Task.Delay(100);
    }

    return total;
}

// Embeds every document's chunks as the pipeline does (EmbedAndStoreChunks): markdown chunking, heading context, batches
// of Ingestion:BatchSize per document, duplicates skipped; returns the chunks embedded.
async Task<int> EmbedAloneAsync(List<(string Id, string Text)> batch)
{
    var chunker = new TextChunker();
    var count = 0;
    foreach (var (id, text) in batch)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in chunker.Chunk(text, markdown: true).Chunk(batchSize))
        {
            var inputs = part.Where(c => seen.Add(string.Join(' ', c.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant()))
                .Select(c => DocumentIngestion.EmbeddingText(c.Text, c.Section, id))
                .ToList();
            await generator.GenerateAsync(inputs);
            count += inputs.Count;
        }
    }

    return count;
}

// CPU seconds used so far by this process's descendants (Azurite's node process), from /proc; 0 elsewhere.
static double ChildProcessCpuSeconds()
{
    if (!Directory.Exists("/proc"))
    {
        return 0;
    }

    var stats = new Dictionary<int, (int Parent, long Ticks)>();
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(directory), out var pid))
        {
            continue;
        }

        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            stats[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
        }
    }

    var self = Environment.ProcessId;
    bool Descends(int pid)
    {
        for (var p = pid; stats.TryGetValue(p, out var s) && p != 0; p = s.Parent)
        {
            if (s.Parent == self)
            {
                return true;
            }
        }

        return false;
    }

    return stats.Where(s => Descends(s.Key)).Sum(s => s.Value.Ticks) / 100.0; // USER_HZ is 100 on Linux
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// A Markdown document of about `chunks` default-size chunks: sections of prose paragraphs (~450 characters each).
string Document(int chunks)
{
    string[] words =
    [
        "refund", "credit", "outage", "invoice", "customer", "billing", "approval", "threshold", "service", "monthly", "fee",
        "duplicate", "charge", "account", "support", "policy", "agent", "days", "contract", "renewal", "discount", "tax", "payment",
        "card", "bank", "transfer", "dispute", "escalation", "manager", "report", "usage", "quota", "plan", "upgrade", "downgrade",
    ];
    var text = new StringBuilder();
    for (var p = 0; p < chunks * 2; p++)
    {
        if (p % 6 == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"## Section {p / 6 + 1}\n\n");
        }

        for (var s = 0; s < 5; s++)
        {
            var count = random.Next(10, 16);
            for (var w = 0; w < count; w++)
            {
                var word = words[random.Next(words.Length)];
                text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == count - 1 ? ". " : " ");
            }
        }

        text.Append("\n\n");
    }

    return text.ToString();
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AiNative.Functions.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}

/// <summary>One measured part of the ingestion.</summary>
internal sealed record Row(string Part, int Chunks, double? Seconds, double? ChunksPerSecond, double? Share);

/// <summary>One part of the end-to-end timeline.</summary>
internal sealed record Part(string Name, double Seconds, double Share);
