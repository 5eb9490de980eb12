using System.Text.Json.Nodes;
using AiNative.Platform.DataPlane.Knowledge;
using Azure;
using Azure.Search.Documents.Indexes;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class AzureSearchKnowledgeStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeSearchService service = new();

    public void Dispose() => service.Dispose();

    [Fact]
    public async Task Creates_the_index_with_vector_text_filter_and_semantic_fields_when_first_writing()
    {
        var store = Store();

        await store.UpsertChunksAsync([Chunk("refunds", 0, "Refunds go back to the card.", Vector(0))]);

        var put = Assert.Single(service.Requests, r => r.Method == "PUT");
        Assert.StartsWith("/indexes('knowledge')", put.Path, StringComparison.Ordinal);
        var index = put.Json!;
        var fields = index["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!);
        Assert.True(fields["id"]["key"]!.GetValue<bool>());
        Assert.Equal("Collection(Edm.Single)", fields["embedding"]["type"]!.GetValue<string>());
        Assert.Equal(4, fields["embedding"]["dimensions"]!.GetValue<int>());
        Assert.Equal(AzureSearchIndexDefinition.VectorProfile, fields["embedding"]["vectorSearchProfile"]!.GetValue<string>());
        foreach (var searchable in new[] { "text", "title", "section" })
        {
            Assert.True(fields[searchable]["searchable"]!.GetValue<bool>(), searchable);
        }

        foreach (var filterable in new[] { "tenant", "source", "timestamp", "expires_at", "quality_score", "embedding_model", "parent_doc_id", "chunk_index" })
        {
            Assert.True(fields[filterable]["filterable"]!.GetValue<bool>(), filterable);
        }

        foreach (var lineage in new[] { "redaction_policy", "chunker", "embedding_model" })
        {
            Assert.Contains(lineage, fields.Keys);
        }

        var hnsw = index["vectorSearch"]!["algorithms"]![0]!;
        Assert.Equal("hnsw", hnsw["kind"]!.GetValue<string>());
        Assert.Equal("cosine", hnsw["hnswParameters"]!["metric"]!.GetValue<string>());
        var semantic = index["semantic"]!["configurations"]![0]!;
        Assert.Equal(AzureSearchIndexDefinition.SemanticConfiguration, semantic["name"]!.GetValue<string>());
        Assert.Equal("text", semantic["prioritizedFields"]!["prioritizedContentFields"]![0]!["fieldName"]!.GetValue<string>());

        // The index is ensured once, not per write.
        await store.UpsertChunksAsync([Chunk("refunds", 1, "More on refunds.", Vector(1))]);
        Assert.Single(service.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Uploads_chunks_in_batches_of_at_most_a_thousand_with_metadata_and_lineage()
    {
        var store = Store();
        var chunks = Enumerable.Range(0, 2_500).Select(i => Chunk("big", i, $"Paragraph {i} of the big manual.", Vector(i))).ToList();

        await store.UpsertChunksAsync(chunks);

        var batches = service.Requests.Where(r => r.Path.Contains("/docs/search.index", StringComparison.Ordinal)).Select(r => r.Json!["value"]!.AsArray()).ToList();
        Assert.Equal([1000, 1000, 500], batches.Select(b => b.Count));
        var first = batches[0][0]!;
        Assert.Equal("mergeOrUpload", first["@search.action"]!.GetValue<string>());
        Assert.Equal(SearchChunkDocument.Key("big#0"), first["id"]!.GetValue<string>());
        Assert.DoesNotContain('#', first["id"]!.GetValue<string>());
        Assert.Equal("big#0", first["chunk_id"]!.GetValue<string>());
        Assert.Equal("big", first["parent_doc_id"]!.GetValue<string>());
        Assert.Equal("handbook/big.md", first["source"]!.GetValue<string>());
        Assert.Equal("contoso", first["tenant"]!.GetValue<string>());
        Assert.Equal("recursive/1000/100", first["chunker"]!.GetValue<string>());
        Assert.Equal("all-MiniLM-L6-v2", first["embedding_model"]!.GetValue<string>());
        Assert.Equal("pii-v1", first["redaction_policy"]!.GetValue<string>());
        Assert.Equal(0.9, first["quality_score"]!.GetValue<double>());
        Assert.Equal(4, first["embedding"]!.AsArray().Count);
        Assert.Equal(Now, DateTimeOffset.Parse(first["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Sends_one_hybrid_query_with_filters_and_parses_hits_when_searching()
    {
        var store = Store(semantic: true);
        service.Respond = request => request.Path.Contains("/docs/search.post.search", StringComparison.Ordinal)
            ? (200, """
                {"value":[
                  {"@search.score":0.0325,"@search.rerankerScore":2.9,"id":"cmVmdW5kcyMw","chunk_id":"refunds#0","parent_doc_id":"refunds","chunk_index":0,
                   "text":"Refunds go back to the card.","title":"Refunds","section":"Policy","source":"handbook/refunds.md","tenant":"contoso",
                   "timestamp":"2026-11-01T12:00:00Z","expires_at":null,"quality_score":0.9,"redaction_policy":"pii-v1","chunker":"recursive/1000/100",
                   "embedding_model":"all-MiniLM-L6-v2","tags":["billing"]}
                ]}
                """)
            : FakeSearchService.Default(request);

        var hits = await store.SearchAsync(new KnowledgeQuery("how do refunds work?", [0.1f, 0.2f, 0.3f, 0.4f], Top: 3, Tenant: "contoso",
            Source: "handbook/refunds.md", MinQuality: 0.2, NotBefore: Now.AddDays(-30), Now: Now));

        var request = Assert.Single(service.Requests).Json!;
        Assert.Equal("refunds work", request["search"]!.GetValue<string>());
        Assert.Equal(3, request["top"]!.GetValue<int>());
        Assert.Equal("text,title,section", request["searchFields"]!.GetValue<string>());
        Assert.DoesNotContain("embedding", request["select"]!.GetValue<string>().Split(','));
        Assert.Equal(
            "(tenant eq 'contoso' or tenant eq null) and source eq 'handbook/refunds.md' and quality_score ge 0.2 and " +
            "timestamp ge 2026-10-02T12:00:00.0000000Z and (expires_at eq null or expires_at gt 2026-11-01T12:00:00.0000000Z)",
            request["filter"]!.GetValue<string>());
        var vectorQuery = request["vectorQueries"]![0]!;
        Assert.Equal("vector", vectorQuery["kind"]!.GetValue<string>());
        Assert.Equal("embedding", vectorQuery["fields"]!.GetValue<string>());
        Assert.Equal(50, vectorQuery["k"]!.GetValue<int>());
        Assert.Equal(4, vectorQuery["vector"]!.AsArray().Count);
        Assert.Equal("semantic", request["queryType"]!.GetValue<string>());
        Assert.Equal(AzureSearchIndexDefinition.SemanticConfiguration, request["semanticConfiguration"]!.GetValue<string>());

        var hit = Assert.Single(hits);
        Assert.Equal("refunds#0", hit.ChunkId);
        Assert.Equal("refunds", hit.ParentDocId);
        Assert.Equal(0.0325, hit.Score, 6);
        Assert.Equal("contoso", hit.Metadata.Tenant);
        Assert.Equal("Policy", hit.Metadata.Section);
        Assert.Equal(["billing"], hit.Metadata.Tags);
        Assert.Equal("recursive/1000/100", hit.Metadata.Chunker);
        Assert.Null(hit.Metadata.ExpiresAt);
    }

    [Fact]
    public async Task Sends_keyword_only_without_vector_and_shared_only_filter_when_no_vector_or_tenant()
    {
        var store = Store();

        await store.SearchAsync(new KnowledgeQuery("it's O'Brien's invoice", null, Top: 5, Source: "a'b.md"));

        var request = Assert.Single(service.Requests).Json!;
        Assert.Null(request["vectorQueries"]);
        Assert.NotEqual("semantic", request["queryType"]?.GetValue<string>());
        Assert.Equal("tenant eq null and source eq 'a''b.md'", request["filter"]!.GetValue<string>());
    }

    [Fact]
    public async Task Finds_nothing_when_the_index_does_not_exist_yet()
    {
        var store = Store();
        service.Respond = _ => (404, """{"error":{"code":"","message":"The index 'knowledge' was not found."}}""");

        Assert.Empty(await store.SearchAsync(new KnowledgeQuery("refunds", [1f, 0f, 0f, 0f])));
        Assert.Equal(0, await store.CountChunksAsync());
        Assert.Empty(await store.DeleteExpiredAsync(Now));
    }

    [Fact]
    public async Task Uploads_new_chunks_before_deleting_leftovers_when_replacing_a_document()
    {
        var store = Store();
        service.Respond = request => request.Path.Contains("/docs/search.post.search", StringComparison.Ordinal)
            ? (200, $$"""{"value":[{"id":"{{SearchChunkDocument.Key("doc#0")}}"},{"id":"{{SearchChunkDocument.Key("doc#1")}}"},{"id":"{{SearchChunkDocument.Key("doc#2")}}"}]}""")
            : FakeSearchService.Default(request);

        await store.UpsertDocumentAsync("doc", [Chunk("doc", 0, "Only one chunk is left.", Vector(0))]);

        var requests = service.Requests.ToList();
        var find = requests.Single(r => r.Path.Contains("search.post.search", StringComparison.Ordinal)).Json!;
        Assert.Equal("parent_doc_id eq 'doc'", find["filter"]!.GetValue<string>());
        Assert.Equal("id asc", find["orderby"]!.GetValue<string>());
        var writes = requests.Where(r => r.Path.Contains("/docs/search.index", StringComparison.Ordinal)).Select(r => r.Json!["value"]!.AsArray()).ToList();
        Assert.Equal(2, writes.Count);
        Assert.Equal("mergeOrUpload", writes[0][0]!["@search.action"]!.GetValue<string>());
        Assert.All(writes[1], a => Assert.Equal("delete", a!["@search.action"]!.GetValue<string>()));
        Assert.Equal([SearchChunkDocument.Key("doc#1"), SearchChunkDocument.Key("doc#2")], writes[1].Select(a => a!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deletes_expired_chunks_and_names_their_documents_when_sweeping()
    {
        var store = Store();
        service.Respond = request => request.Path.Contains("/docs/search.post.search", StringComparison.Ordinal)
            ? (200, """{"value":[{"id":"YSMw","parent_doc_id":"a"},{"id":"YSMx","parent_doc_id":"a"},{"id":"YiMw","parent_doc_id":"b"}]}""")
            : FakeSearchService.Default(request);

        var documents = await store.DeleteExpiredAsync(Now);

        Assert.Equal(["a", "b"], documents);
        var find = service.Requests.First().Json!;
        Assert.Equal("expires_at le 2026-11-01T12:00:00.0000000Z", find["filter"]!.GetValue<string>());
        var delete = service.Requests.Last().Json!["value"]!.AsArray();
        Assert.Equal(["YSMw", "YSMx", "YiMw"], delete.Select(a => a!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Lists_chunks_of_another_embedding_model_for_re_embedding()
    {
        var store = Store();
        service.Respond = request => request.Path.Contains("/docs/search.post.search", StringComparison.Ordinal)
            ? (200, """{"value":[{"id":"YSMw","chunk_id":"a#0","parent_doc_id":"a","chunk_index":0,"text":"Old.","source":"a.md","timestamp":"2026-11-01T12:00:00Z","quality_score":0.5,"redaction_policy":"p","chunker":"c","embedding_model":"old-model","tags":[]}]}""")
            : FakeSearchService.Default(request);

        var stale = await store.ListStaleChunksAsync("all-MiniLM-L6-v2", 10);

        var chunk = Assert.Single(stale);
        Assert.Equal("a#0", chunk.ChunkId);
        Assert.Empty(chunk.Embedding);
        var find = Assert.Single(service.Requests).Json!;
        Assert.Equal("embedding_model ne 'all-MiniLM-L6-v2'", find["filter"]!.GetValue<string>());
        Assert.Equal(10, find["top"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fails_with_the_service_error_when_a_batch_action_fails()
    {
        var store = Store();
        service.Respond = request => request.Path.Contains("/docs/search.index", StringComparison.Ordinal)
            ? (207, $$"""{"value":[{"key":"{{SearchChunkDocument.Key("x#0")}}","status":false,"errorMessage":"Document is too large.","statusCode":400}]}""")
            : FakeSearchService.Default(request);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.UpsertChunksAsync([Chunk("x", 0, "Too large.", Vector(0))]));
        Assert.Contains("too large", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private AzureSearchKnowledgeStore Store(bool semantic = false) =>
        new(new SearchIndexClient(FakeSearchService.Endpoint, new AzureKeyCredential("test-key"), service.ClientOptions), "knowledge", semantic);

    private static float[] Vector(int seed) => [1f, seed % 3, seed % 5, 0.5f];

    private static KnowledgeChunk Chunk(string doc, int index, string text, float[] vector) => new(
        $"{doc}#{index}", doc, index, text, vector,
        new ChunkMetadata($"handbook/{doc}.md", doc, "contoso", Now, 0.9, "pii-v1", "recursive/1000/100", "all-MiniLM-L6-v2", ["billing"], "Policy"));
}
