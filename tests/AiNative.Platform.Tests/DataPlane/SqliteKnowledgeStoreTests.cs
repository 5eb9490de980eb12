using AiNative.Platform.DataPlane.Knowledge;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class SqliteKnowledgeStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-knowledge-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteKnowledgeStore store;

    public SqliteKnowledgeStoreTests()
    {
        store = new SqliteKnowledgeStore(Path.Combine(directory, "knowledge", "knowledge.db"));
    }

    public void Dispose()
    {
        store.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Ranks_relevant_chunks_higher_with_hybrid_than_with_either_mode_alone()
    {
        // The two classic failure modes, with vectors standing in for an embedding model: near-identical shipping
        // notes differ only by an order code the model barely sees (their vectors almost coincide), and a paraphrased
        // question shares no word with the policy that answers it. Keywords fix the first, vectors the second.
        await store.UpsertChunksAsync(
        [
            Chunk("note-1", 0, "Shipping note: parcel for order QX7T19K4 left the warehouse.", [1f, 0.03f, 0f]),
            Chunk("note-2", 0, "Shipping note: parcel for order LM2P88ZR left the warehouse.", [1f, 0.02f, 0f]),
            Chunk("note-3", 0, "Shipping note: parcel for order HB5W31NC left the warehouse.", [1f, 0f, 0.02f]),
            Chunk("sla", 0, "SLA credits: uptime below 99.9% earns 10% of the monthly fee.", [0f, 1f, 0.1f]),
            Chunk("dup", 0, "Duplicate charges are refunded to the original payment method.", [0.1f, 0f, 1f]),
        ]);
        (string Text, float[] Vector, string Relevant)[] questions =
        [
            ("where is order HB5W31NC", [1f, 0.03f, 0f], "note-3"),
            ("compensation when the service was down", [0.05f, 1f, 0f], "sla"),
            ("money back after paying twice", [0f, 0.1f, 1f], "dup"),
        ];

        double keyword = 0, vector = 0, hybrid = 0;
        foreach (var (text, queryVector, relevant) in questions)
        {
            keyword += ReciprocalRank(await store.SearchAsync(new KnowledgeQuery(text, null, Top: 5)), relevant);
            vector += ReciprocalRank(await store.SearchAsync(new KnowledgeQuery("", queryVector, Top: 5)), relevant);
            hybrid += ReciprocalRank(await store.SearchAsync(new KnowledgeQuery(text, queryVector, Top: 5)), relevant);
        }

        Assert.True(hybrid > keyword, $"hybrid {hybrid:F3} should beat keyword-only {keyword:F3}");
        Assert.True(hybrid > vector, $"hybrid {hybrid:F3} should beat vector-only {vector:F3}");
    }

    [Fact]
    public async Task Fuses_ranks_with_rrf_when_both_modes_match()
    {
        await store.UpsertChunksAsync(
        [
            Chunk("a", 0, "refund for outage credits", [1, 0, 0]),
            Chunk("b", 0, "unrelated text about holidays", [0.9f, 0.1f, 0]),
            Chunk("c", 0, "outage notice", [0, 1, 0]),
        ]);

        var hits = await store.SearchAsync(new KnowledgeQuery("refund outage", [1, 0, 0], Top: 3));

        Assert.Equal("a#0", hits[0].ChunkId);
        Assert.Equal((1, 1), (hits[0].KeywordRank, hits[0].VectorRank));
        Assert.Equal((2.0 / 61), hits[0].Score, 9);
        Assert.Equal(["a#0", "c#0", "b#0"], hits.Select(h => h.ChunkId));
        Assert.Equal((1.0 / 62) + (1.0 / 63), hits[1].Score, 9);
    }

    [Fact]
    public async Task Returns_only_shared_and_own_tenant_chunks_when_filtering_by_tenant()
    {
        await store.UpsertChunksAsync(
        [
            Chunk("shared", 0, "refund policy for outages", [1, 0], tenant: null),
            Chunk("contoso", 0, "refund policy for contoso outages", [1, 0], tenant: "contoso"),
            Chunk("fabrikam", 0, "refund policy for fabrikam outages", [1, 0], tenant: "fabrikam"),
        ]);

        var contoso = await store.SearchAsync(new KnowledgeQuery("refund outages", [1, 0], Top: 10, Tenant: "contoso"));
        var anonymous = await store.SearchAsync(new KnowledgeQuery("refund outages", [1, 0], Top: 10));

        Assert.Equal(["contoso", "shared"], contoso.Select(h => h.ParentDocId).Order());
        Assert.Equal(["shared"], anonymous.Select(h => h.ParentDocId));
    }

    [Fact]
    public async Task Returns_only_matching_source_and_quality_when_filtered()
    {
        await store.UpsertChunksAsync(
        [
            Chunk("a", 0, "refund policy", [1, 0], source: "kb/refunds.md", quality: 0.9),
            Chunk("b", 0, "refund policy footer", [1, 0], source: "kb/refunds.md", quality: 0.1),
            Chunk("c", 0, "refund policy", [1, 0], source: "kb/other.md", quality: 0.9),
        ]);

        var hits = await store.SearchAsync(new KnowledgeQuery("refund", [1, 0], Top: 10, Source: "kb/refunds.md", MinQuality: 0.5));

        Assert.Equal(["a"], hits.Select(h => h.ParentDocId));
    }

    [Fact]
    public async Task Keeps_chunks_and_metadata_when_reopening_the_file()
    {
        var chunk = Chunk("doc-1", 3, "Credits above $1,000 need the billing manager's approval.", [0.5f, 0.5f, 0.1f], tenant: "contoso", quality: 0.8) with
        {
            Metadata = new ChunkMetadata("kb/refund.md", "Refund policy", "contoso", Now, 0.8, "pii-regex/1.0.0", "recursive/1000/100", "test-model", ["billing", "sla"], "Refund policy > Approval thresholds"),
        };
        await store.UpsertChunksAsync([chunk]);
        store.Dispose();

        using var reopened = new SqliteKnowledgeStore(store.DatabasePath);
        var hit = Assert.Single(await reopened.SearchAsync(new KnowledgeQuery("billing manager approval", [0.5f, 0.5f, 0.1f], Tenant: "contoso")));

        Assert.Equal(1, await reopened.CountChunksAsync());
        Assert.Equal(("doc-1#3", "doc-1", chunk.Text), (hit.ChunkId, hit.ParentDocId, hit.Text));
        Assert.Equal(chunk.Metadata with { Tags = hit.Metadata.Tags }, hit.Metadata);
        Assert.Equal(["billing", "sla"], hit.Metadata.Tags);
    }

    [Theory]
    [InlineData("C12345 \"refund\"? -x")]
    [InlineData("\"unbalanced quote")]
    [InlineData("NEAR(refund credit, 2)")]
    [InlineData("refund AND OR NOT")]
    [InlineData("text:refund title:x")]
    [InlineData("* ^ + - : ( ) { } [ ]")]
    [InlineData("'; DROP TABLE chunks; --")]
    [InlineData("réfund ünïcode 退款 🙂")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Does_not_throw_when_query_text_contains_fts_syntax(string query)
    {
        await store.UpsertChunksAsync([Chunk("doc", 0, "Customer C12345 asked for a refund credit.", [1, 0])]);

        var hits = await store.SearchAsync(new KnowledgeQuery(query, null));

        Assert.NotNull(hits);
        Assert.Equal(1, await store.CountChunksAsync());
    }

    [Fact]
    public async Task Finds_identifier_when_query_mixes_it_with_fts_syntax()
    {
        await store.UpsertChunksAsync(
        [
            Chunk("a", 0, "Customer C12345 asked for a refund.", [1, 0]),
            Chunk("b", 0, "Customer C99999 asked about invoices.", [1, 0]),
        ]);

        var hits = await store.SearchAsync(new KnowledgeQuery("C12345 \"refund\"? -x", null));

        Assert.Equal("a#0", hits[0].ChunkId);
    }

    [Fact]
    public async Task Removes_stale_chunks_when_trimming_replacing_and_deleting()
    {
        await store.UpsertDocumentAsync("doc", [.. Enumerable.Range(0, 6).Select(i => Chunk("doc", i, $"chunk number {i}", [1, i]))]);
        await store.UpsertChunksAsync([Chunk("other", 0, "other document", [1, 0])]);

        var trimmed = await store.TrimDocumentAsync("doc", 4);
        await store.ReplaceChunkRangeAsync("doc", 0, 2, [Chunk("doc", 1, "replacement one", [1, 1])]);

        Assert.Equal(2, trimmed);
        Assert.Equal(3, await store.CountChunksAsync("doc"));
        var hits = await store.SearchAsync(new KnowledgeQuery("chunk replacement", null, Top: 10));
        Assert.Equal(["doc#1", "doc#2", "doc#3"], hits.Where(h => h.ParentDocId == "doc").Select(h => h.ChunkId).Order());
        Assert.Contains(hits, h => h.Text == "replacement one");

        await store.UpsertDocumentAsync("doc", [Chunk("doc", 0, "only chunk", [1, 0])]);
        Assert.Equal(1, await store.CountChunksAsync("doc"));
        Assert.Equal(1, await store.DeleteDocumentAsync("doc"));
        Assert.Equal(1, await store.CountChunksAsync());
    }

    [Fact]
    public async Task Skips_chunks_of_another_dimension_when_searching_by_vector()
    {
        await store.UpsertChunksAsync([Chunk("small", 0, "alpha", [1, 0]), Chunk("large", 0, "beta", [1, 0, 0])]);

        var hits = await store.SearchAsync(new KnowledgeQuery("", [1, 0, 0]));

        Assert.Equal(["large"], hits.Select(h => h.ParentDocId));
    }

    [Fact]
    public async Task Serves_concurrent_writers_and_readers_when_activities_run_in_parallel()
    {
        var work = Enumerable.Range(0, 8).Select(async d =>
        {
            for (var batch = 0; batch < 5; batch++)
            {
                var chunks = Enumerable.Range(batch * 4, 4).Select(i => Chunk($"doc-{d}", i, $"document {d} chunk {i} about refunds", [1, d, i])).ToList();
                await store.ReplaceChunkRangeAsync($"doc-{d}", batch * 4, (batch * 4) + 4, chunks);
                await store.SearchAsync(new KnowledgeQuery("refunds", [1, d, 0]));
            }
        });

        await Task.WhenAll(work);

        Assert.Equal(8 * 20, await store.CountChunksAsync());
        Assert.All(Enumerable.Range(0, 8), d => Assert.Equal(20, store.CountChunksAsync($"doc-{d}").GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task Leaves_out_chunks_older_than_the_freshness_bound()
    {
        await store.UpsertChunksAsync(
        [
            Chunk("old", 0, "refund policy for outages", [1, 0]) with { Metadata = Chunk("old", 0, "", [1]).Metadata with { Timestamp = Now.AddDays(-30) } },
            Chunk("new", 0, "refund policy for outages", [1, 0]),
        ]);

        var hits = await store.SearchAsync(new KnowledgeQuery("refund", [1, 0], NotBefore: Now.AddDays(-1)));

        Assert.Equal(["new"], hits.Select(h => h.ParentDocId));
    }

    private static double ReciprocalRank(IReadOnlyList<KnowledgeHit> hits, string relevant)
    {
        var position = hits.Select(h => h.ParentDocId).ToList().IndexOf(relevant);
        return position < 0 ? 0 : 1.0 / (position + 1);
    }

    internal static KnowledgeChunk Chunk(string doc, int index, string text, float[] vector, string? tenant = null, string source = "kb/test.md", double quality = 0.9) =>
        new($"{doc}#{index}", doc, index, text, vector,
            new ChunkMetadata(source, "Title", tenant, Now, quality, "pii-regex/1.0.0", "recursive/1000/100", "test-model", []));
}
