using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.Data.Sqlite;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>The embedded store's in-memory index against the ground truth in the SQLite file (FTS5 BM25, exact cosine).</summary>
public sealed class KnowledgeIndexTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Vocabulary =
    [
        "refund", "refunds", "refunded", "refunding", "credit", "credits", "outage", "outages", "invoice", "invoicing", "customer",
        "customers", "billing", "approval", "approvals", "approved", "threshold", "service", "services", "monthly", "fee", "fees",
        "duplicate", "duplicated", "charge", "charges", "charging", "account", "support", "policy", "policies", "agent", "days",
        "the", "a", "of", "within", "connection", "connected", "generalization", "relational", "happiness", "running", "hopping",
        "Café", "naïve", "résumé", "X7-42", "2026",
    ];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-index-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Ranks_keyword_matches_exactly_as_fts5_bm25_does()
    {
        using var store = new SqliteKnowledgeStore(Path.Combine(directory, "knowledge.db"));
        var random = new Random(11);
        await store.UpsertChunksAsync(Enumerable.Range(0, 400).Select(i => Chunk(random, $"doc-{i / 4}", i % 4)).ToList());

        for (var q = 0; q < 40; q++)
        {
            var text = Words(random, 1 + (q % 5));
            DirtyArrayPool();
            var expected = await Fts5TopAsync(store.DatabasePath, text, 30);
            var actual = (await store.SearchAsync(new KnowledgeQuery(text, null, Top: 30))).Select(h => h.ChunkId).ToList();

            Assert.NotEmpty(expected);
            Assert.True(expected.SequenceEqual(actual), $"query '{text}':\n fts5   {string.Join(' ', expected)}\n memory {string.Join(' ', actual)}");
        }
    }

    [Fact]
    public async Task Finds_the_exact_cosine_top_k_with_the_int8_scan()
    {
        using var store = new SqliteKnowledgeStore(Path.Combine(directory, "knowledge.db"));
        var random = new Random(5);
        var chunks = Enumerable.Range(0, 3_000).Select(i => Chunk(random, $"v-{i}", 0, dimensions: 64)).ToList();
        await store.UpsertChunksAsync(chunks);

        for (var q = 0; q < 20; q++)
        {
            var query = RandomVector(random, 64);
            var expected = chunks
                .Select(c => (c.ChunkId, Similarity: Cosine(query, c.Embedding)))
                .OrderByDescending(c => c.Similarity).ThenBy(c => c.ChunkId, StringComparer.Ordinal)
                .Take(10).Select(c => c.ChunkId).ToList();

            var actual = (await store.SearchAsync(new KnowledgeQuery("", query, Top: 10))).Select(h => h.ChunkId).ToList();

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Answers_as_a_fresh_load_would_after_incremental_writes()
    {
        var path = Path.Combine(directory, "knowledge.db");
        using var store = new SqliteKnowledgeStore(path);
        var random = new Random(3);
        await store.UpsertChunksAsync(Enumerable.Range(0, 200).Select(i => Chunk(random, $"doc-{i / 10}", i % 10)).ToList());
        var queries = Enumerable.Range(0, 10).Select(_ => (Text: Words(random, 3), Vector: RandomVector(random, 8))).ToList();
        await store.SearchAsync(new KnowledgeQuery(queries[0].Text, queries[0].Vector)); // loads the index

        // Every kind of write, applied to the loaded index in place.
        await store.UpsertDocumentAsync("doc-1", [Chunk(random, "doc-1", 0), Chunk(random, "doc-1", 1)]);
        await store.ReplaceChunkRangeAsync("doc-2", 0, 5, [Chunk(random, "doc-2", 0), Chunk(random, "doc-2", 3)]);
        await store.TrimDocumentAsync("doc-3", 4);
        await store.DeleteDocumentAsync("doc-4");
        await store.UpsertChunksAsync([Chunk(random, "doc-5", 2) with { Metadata = Chunk(random, "doc-5", 2).Metadata with { ExpiresAt = Now.AddMinutes(-1) } }]);
        Assert.Equal(["doc-5"], await store.DeleteExpiredAsync(Now));
        await store.UpsertChunksAsync(Enumerable.Range(0, 30).Select(i => Chunk(random, "doc-new", i)).ToList());

        using var reloaded = new SqliteKnowledgeStore(path);
        foreach (var (text, vector) in queries)
        {
            foreach (var query in new[] { new KnowledgeQuery(text, null, 10), new KnowledgeQuery("", vector, 10), new KnowledgeQuery(text, vector, 10) })
            {
                var incremental = await store.SearchAsync(query);
                var fresh = await reloaded.SearchAsync(query);
                Assert.Equal(fresh.Select(h => (h.ChunkId, h.KeywordRank, h.VectorRank)), incremental.Select(h => (h.ChunkId, h.KeywordRank, h.VectorRank)));
            }
        }
    }

    [Fact]
    public async Task Sees_writes_of_another_process_on_the_same_file()
    {
        var path = Path.Combine(directory, "knowledge.db");
        using var reader = new SqliteKnowledgeStore(path);
        using var writer = new SqliteKnowledgeStore(path);
        await writer.UpsertChunksAsync([SqliteKnowledgeStoreTests.Chunk("first", 0, "late fees are waived once", [1, 0])]);
        Assert.Single(await reader.SearchAsync(new KnowledgeQuery("waived", null)));

        await writer.UpsertChunksAsync([SqliteKnowledgeStoreTests.Chunk("second", 0, "waived again for loyal customers", [0, 1])]);
        await writer.DeleteDocumentAsync("first");

        var hits = await reader.SearchAsync(new KnowledgeQuery("waived", [0, 1]));
        Assert.Equal(["second"], hits.Select(h => h.ParentDocId));
    }

    // The shared pool hands out arrays as their last user left them; the index must not read scores from one.
    private static void DirtyArrayPool()
    {
        var arrays = Enumerable.Range(0, 4).Select(_ => System.Buffers.ArrayPool<double>.Shared.Rent(400)).ToList();
        foreach (var array in arrays)
        {
            Array.Fill(array, 1.0);
            System.Buffers.ArrayPool<double>.Shared.Return(array);
        }
    }

    private static async Task<List<string>> Fts5TopAsync(string path, string text, int limit)
    {
        // The ranking the store used before its in-memory index: FTS5 bm25 with the same column weights, ties by row id.
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT c.chunk_id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH $match AND c.tenant IS NULL " +
            "ORDER BY bm25(chunks_fts, 1.0, 0.5, 0.5), c.id LIMIT $limit";
        command.Parameters.AddWithValue("$match", FtsQuery.Build(text));
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static KnowledgeChunk Chunk(Random random, string doc, int index, int dimensions = 8) => new(
        $"{doc}#{index}", doc, index, Words(random, 5 + random.Next(40)), RandomVector(random, dimensions),
        new ChunkMetadata("kb/index.md", Words(random, 2), null, Now, 0.9, "pii", "recursive/1000/100", "test-model", [], Section: random.Next(3) == 0 ? null : Words(random, 3)));

    private static string Words(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Vocabulary[(int)(Math.Pow(random.NextDouble(), 1.5) * Vocabulary.Length)]));

    private static float[] RandomVector(Random random, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
