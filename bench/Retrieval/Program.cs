using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiNative.Platform.DataPlane.Knowledge;

// Hybrid query latency on the embedded store (in-memory BM25 scored as FTS5 does + int8/float32 vector scan + RRF) at 10k and 100k chunks.
// Synthetic corpus: 60-word chunks over a 5,000-word Zipf-like vocabulary, 384-dim unit vectors (MiniLM's size);
// query embedding time is excluded (it is the model's cost, measured by the ingestion benchmark).
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
const int Dimensions = 384;
const int Warmup = 10;
const int Queries = 100;
var random = new Random(42);
var vocabulary = Enumerable.Range(0, 5_000).Select(i => Word(i)).ToArray();
var rows = new List<Row>();

foreach (var size in sizes)
{
    var directory = Path.Combine(Path.GetTempPath(), "ainative-bench-retrieval-" + Guid.NewGuid().ToString("N"));
    using (var store = new SqliteKnowledgeStore(Path.Combine(directory, "knowledge.db")))
    {
        var load = Stopwatch.StartNew();
        for (var start = 0; start < size; start += 1_000)
        {
            var batch = Enumerable.Range(start, Math.Min(1_000, size - start)).Select(i => new KnowledgeChunk(
                $"doc-{i / 10}#{i % 10}", $"doc-{i / 10}", i % 10, Text(60), Vector(),
                new ChunkMetadata("bench/source.md", "Bench", null, DateTimeOffset.UnixEpoch, 0.9, "none", "recursive/1000/100", "bench", []))).ToList();
            await store.UpsertChunksAsync(batch);
        }

        load.Stop();
        var index = Stopwatch.StartNew();
        await store.SearchAsync(new KnowledgeQuery("warm", Vector(), 5)); // builds the in-memory index from the file once
        index.Stop();
        Console.WriteLine($"{size} chunks written in {load.Elapsed.TotalSeconds:F1} s, index loaded in {index.Elapsed.TotalSeconds:F1} s");
        foreach (var mode in new[] { "keyword", "vector", "hybrid" })
        {
            var timings = new List<double>();
            var cpu = new List<double>();
            var hits = 0;
            for (var q = 0; q < Warmup + Queries; q++)
            {
                var text = Text(6);
                var query = mode switch
                {
                    "keyword" => new KnowledgeQuery(text, null, 5, MinQuality: 0.2),
                    "vector" => new KnowledgeQuery("", Vector(), 5, MinQuality: 0.2),
                    _ => new KnowledgeQuery(text, Vector(), 5, MinQuality: 0.2, Now: DateTimeOffset.UtcNow),
                };
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var found = await store.SearchAsync(query);
                watch.Stop();
                if (q >= Warmup)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                    cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
                    hits += found.Count;
                }
            }

            timings.Sort();
            var row = new Row(size, mode, Percentile(timings, 0.50), Percentile(timings, 0.95), timings.Average(), cpu.Average(), (double)hits / Queries);
            rows.Add(row);
            Console.WriteLine($"{size,7} {mode,-8} p50 {row.P50Ms,8:F2} ms  p95 {row.P95Ms,8:F2} ms");
        }
    }

    Directory.Delete(directory, recursive: true);
}

var loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
var results = Path.Combine(RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "retrieval.json"), JsonSerializer.Serialize(new
{
    machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average {loadAverage} at the end",
    store = "SqliteKnowledgeStore (in-memory BM25 index with FTS5 bm25 scoring + int8 SIMD scan re-scored in float32, RRF k=60)",
    dimensions = Dimensions,
    queries = Queries,
    rows,
}, new JsonSerializerOptions { WriteIndented = true }));
var markdown = new StringBuilder("| chunks | mode | p50 ms | p95 ms | mean ms | process CPU ms/query | results/query |\n|---:|---|---:|---:|---:|---:|---:|\n");
foreach (var r in rows)
{
    markdown.Append(CultureInfo.InvariantCulture, $"| {r.Chunks:N0} | {r.Mode} | {r.P50Ms:F2} | {r.P95Ms:F2} | {r.MeanMs:F2} | {r.CpuMs:F2} | {r.Results:F1} |\n");
}

await File.WriteAllTextAsync(Path.Combine(results, "retrieval.md"), markdown.ToString());
Console.WriteLine(markdown);

string Text(int words)
{
    var text = new StringBuilder();
    for (var w = 0; w < words; w++)
    {
        // Squaring skews toward frequent words, roughly as natural text does.
        var index = (int)(Math.Pow(random.NextDouble(), 2) * vocabulary.Length);
        text.Append(vocabulary[index]).Append(' ');
    }

    return text.ToString();
}

float[] Vector()
{
    var vector = new float[Dimensions];
    var norm = 0.0;
    for (var i = 0; i < Dimensions; i++)
    {
        vector[i] = (float)(random.NextDouble() - 0.5);
        norm += vector[i] * vector[i];
    }

    var scale = (float)(1 / Math.Sqrt(norm));
    for (var i = 0; i < Dimensions; i++)
    {
        vector[i] *= scale;
    }

    return vector;
}

static string Word(int i)
{
    const string letters = "abcdefghijklmnopqrstuvwxyz";
    var word = new StringBuilder();
    var n = i + 26;
    while (n > 0)
    {
        word.Append(letters[n % 26]);
        n /= 26;
    }

    return word.Append('o').ToString();
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AiNative.Functions.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}

/// <summary>One measured configuration.</summary>
internal sealed record Row(int Chunks, string Mode, double P50Ms, double P95Ms, double MeanMs, double CpuMs, double Results);
