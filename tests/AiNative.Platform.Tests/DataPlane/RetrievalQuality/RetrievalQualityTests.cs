using System.Text.Json;
using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace AiNative.Platform.Tests.DataPlane.RetrievalQuality;

/// <summary>
/// Retrieval quality on a labelled set (labelled-set.json) with the real all-MiniLM-L6-v2 embeddings and the real
/// embedded store: recall@5 and MRR@5 for keyword-only (BM25), vector-only and hybrid (RRF).
/// </summary>
public sealed class RetrievalQualityTests(ITestOutputHelper output) : IDisposable
{
    private const int K = 5;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-quality-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Hybrid_beats_keyword_only_and_vector_only_when_measured_on_the_labelled_set()
    {
        var set = LabelledSet.Load();
        using var model = new MiniLmEmbeddingGenerator();
        using var store = new SqliteKnowledgeStore(Path.Combine(directory, "knowledge.db"));
        await store.UpsertChunksAsync(await LabelledSet.ChunksAsync(set, model));

        var keyword = new Scores();
        var vector = new Scores();
        var hybrid = new Scores();
        foreach (var question in set.Questions)
        {
            var queryVector = (await model.GenerateVectorAsync(question.Q)).ToArray();
            keyword.Add(await store.SearchAsync(new KnowledgeQuery(question.Q, null, K)), question.Relevant);
            vector.Add(await store.SearchAsync(new KnowledgeQuery("", queryVector, K)), question.Relevant);
            hybrid.Add(await store.SearchAsync(new KnowledgeQuery(question.Q, queryVector, K)), question.Relevant);
        }

        output.WriteLine($"{set.Questions.Count} questions, {set.Passages.Count} passages");
        output.WriteLine("| mode | recall@5 | MRR@5 |");
        output.WriteLine("|---|---|---|");
        output.WriteLine($"| keyword (BM25) | {keyword.Recall:F3} | {keyword.Mrr:F3} |");
        output.WriteLine($"| vector (MiniLM) | {vector.Recall:F3} | {vector.Mrr:F3} |");
        output.WriteLine($"| hybrid (RRF k=60) | {hybrid.Recall:F3} | {hybrid.Mrr:F3} |");
        Assert.True(set.Questions.Count >= 20);
        Assert.True(hybrid.Mrr > keyword.Mrr, $"hybrid MRR {hybrid.Mrr:F3} should beat keyword-only {keyword.Mrr:F3}");
        Assert.True(hybrid.Mrr > vector.Mrr, $"hybrid MRR {hybrid.Mrr:F3} should beat vector-only {vector.Mrr:F3}");
        Assert.True(hybrid.Recall >= Math.Max(keyword.Recall, vector.Recall), $"hybrid recall@5 {hybrid.Recall:F3} should be at least keyword {keyword.Recall:F3} and vector {vector.Recall:F3}");
    }

    private sealed class Scores
    {
        private readonly List<double> reciprocalRanks = [];

        public double Recall => reciprocalRanks.Count(r => r > 0) / (double)reciprocalRanks.Count;

        public double Mrr => reciprocalRanks.Average();

        public void Add(IReadOnlyList<KnowledgeHit> hits, IReadOnlyList<string> relevant)
        {
            var position = hits.Take(K).Select(h => h.ParentDocId).ToList().FindIndex(relevant.Contains);
            reciprocalRanks.Add(position < 0 ? 0 : 1.0 / (position + 1));
        }
    }
}

/// <summary>The labelled set: passages (one chunk each) and questions with the passages that answer them.</summary>
internal sealed record LabelledSet(IReadOnlyList<LabelledSet.Passage> Passages, IReadOnlyList<LabelledSet.Question> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LabelledSet Load() =>
        JsonSerializer.Deserialize<LabelledSet>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DataPlane", "RetrievalQuality", "labelled-set.json")),
            Json)!;

    /// <summary>The passages as stored chunks, embedded as ingestion embeds them (heading, blank line, text).</summary>
    public static async Task<List<KnowledgeChunk>> ChunksAsync(LabelledSet set, IEmbeddingGenerator<string, Embedding<float>> model)
    {
        var vectors = await model.GenerateAsync(set.Passages.Select(p => p.Title + "\n\n" + p.Text));
        return set.Passages.Select((p, i) => new KnowledgeChunk($"{p.Id}#0", p.Id, 0, p.Text, vectors[i].Vector.ToArray(),
            new ChunkMetadata("kb/support.md", p.Title, null, DateTimeOffset.UnixEpoch, 1.0, "none", "passage", "all-MiniLM-L6-v2", []))).ToList();
    }

    public sealed record Passage(string Id, string Title, string Text);

    public sealed record Question(string Q, IReadOnlyList<string> Relevant);
}
