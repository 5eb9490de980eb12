using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.Storage.Local;
using AiNative.Standalone;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// Ingestion throughput end to end on the local engine: the Standalone host (HTTP API → ingest queue → IngestDocument on the
// Durable Task engine over Azurite → redaction, chunking, MiniLM embeddings, SQLite store), documents submitted at once and
// timed until every one reads "indexed". In the same run, the same chunk texts are embedded directly with the same
// embedding generator (batches of 64, one after another): the model's own cost. The rest is the pipeline's.
var documents = Option("--documents", 8);
var chunksPerDocument = Option("--chunks-per-document", 40);
var work = Path.Combine(Path.GetTempPath(), "ainative-bench-ingestion-" + Guid.NewGuid().ToString("N"));
var random = new Random(7);

await using var azurite = await new AzuriteLauncher(NullLogger<AzuriteLauncher>.Instance).StartAsync(AzuritePorts.Free(), Path.Combine(work, "azurite"));
var embeddingSeconds = 0.0;
var embeddingCalls = 0;
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Name == "gen_ai.client.operation.duration")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
{
    foreach (var tag in tags)
    {
        if (tag.Key == "gen_ai.operation.name" && tag.Value as string == "embeddings")
        {
            Interlocked.Increment(ref embeddingCalls);
            lock (listener)
            {
                embeddingSeconds += value;
            }
        }
    }
});
listener.Start();

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

// Warm-up: loads MiniLM, the tokenizer and the store once, outside the measurement.
await IngestAllAsync([("warmup", Document(3))]);
(embeddingSeconds, embeddingCalls) = (0, 0);

var corpus = Enumerable.Range(0, documents).Select(d => ($"bench-{d}", Document(chunksPerDocument))).ToList();
var wall = Stopwatch.StartNew();
var chunks = await IngestAllAsync(corpus);
wall.Stop();
var inPipelineEmbedding = embeddingSeconds;
var inPipelineCalls = embeddingCalls;

// The model alone: the same chunk texts (default chunker), batches of 64, through the same generator.
var generator = host.App.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
var texts = corpus.SelectMany(d => new TextChunker().Chunk(d.Item2).Select(c => c.Text)).ToList();
var direct = Stopwatch.StartNew();
foreach (var batch in texts.Chunk(64))
{
    await generator.GenerateAsync(batch);
}

direct.Stop();

var wallSeconds = wall.Elapsed.TotalSeconds;
var modelSeconds = direct.Elapsed.TotalSeconds;
var rows = new[]
{
    new Row("end to end (HTTP → queue → orchestration → indexed)", chunks, wallSeconds, chunks / wallSeconds, 1.0),
    new Row("embedding only (same texts, same generator, sequential)", texts.Count, modelSeconds, texts.Count / modelSeconds, modelSeconds / wallSeconds),
    // When embedding alone took longer than the whole pipeline, the machine's load changed between the phases and the
    // difference measures nothing: the row says n/a instead of a negative or huge number.
    wallSeconds > modelSeconds
        ? new Row("everything else (end to end minus embedding only)", chunks, wallSeconds - modelSeconds, chunks / (wallSeconds - modelSeconds), (wallSeconds - modelSeconds) / wallSeconds)
        : new Row("everything else (end to end minus embedding only): n/a, embedding alone took longer than end to end (load changed between phases)", chunks, null, null, null),
};

var results = Path.Combine(RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "ingestion.json"), JsonSerializer.Serialize(new
{
    machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
    embedding = "all-MiniLM-L6-v2 (local, ONNX)",
    documents,
    chunksPerDocument,
    chunks,
    wallSeconds,
    embeddingOnlySeconds = modelSeconds,
    inPipelineEmbeddingCallSeconds = inPipelineEmbedding,
    inPipelineEmbeddingCalls = inPipelineCalls,
    rows,
}, new JsonSerializerOptions { WriteIndented = true }));
var markdown = new StringBuilder("| part | chunks | seconds | chunks/s | share of end to end |\n|---|---:|---:|---:|---:|\n");
foreach (var r in rows)
{
    markdown.Append(CultureInfo.InvariantCulture, $"| {r.Part} | {r.Chunks:N0} | {Show(r.Seconds, "F1")} | {Show(r.ChunksPerSecond, "F1")} | {Show(r.Share, "P0")} |\n");
}

markdown.Append(CultureInfo.InvariantCulture,
    $"\nIn-pipeline embedding calls: {inPipelineCalls}, {inPipelineEmbedding:F1} s summed over concurrent batches (gen_ai.client.operation.duration).\n");
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

    var pending = batch.Select(b => b.Id).ToHashSet();
    var total = 0;
    var deadline = Stopwatch.StartNew();
    while (pending.Count > 0)
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(30))
        {
            throw new TimeoutException($"Still not indexed: {string.Join(", ", pending)}");
        }

        await Task.Delay(100);
        foreach (var id in pending.ToList())
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/api/documents/{id}");
            var state = status.GetProperty("status").GetString();
            if (state == "failed")
            {
                throw new InvalidOperationException($"{id} failed: {status}");
            }

            if (state == "indexed")
            {
                total += status.GetProperty("chunks").GetInt32();
                pending.Remove(id);
            }
        }
    }

    return total;
}

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
