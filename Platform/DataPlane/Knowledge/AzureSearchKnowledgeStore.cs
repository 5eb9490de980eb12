using System.Globalization;
using Azure;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Models;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// The knowledge store on an Azure AI Search index: the index is created or updated from code at first write
/// (<see cref="AzureSearchIndexDefinition"/>), chunks go up in batches, and a search is one hybrid query (BM25 over the text
/// fields + HNSW vector query, fused by the service with RRF), optionally re-ranked by the semantic ranker, with the
/// tenant, source, quality, freshness and expiry filters as OData. The service has no transactions: replacing chunks uploads
/// the new ones first and deletes the leftovers after, so a reader never sees a gap.
/// </summary>
public sealed class AzureSearchKnowledgeStore : IKnowledgeStore, IDisposable
{
    /// <summary>The service's limit of actions per indexing batch.</summary>
    public const int MaxBatchSize = 1000;

    private const int MinCandidates = 50;
    private const int PageSize = 1000;

    private readonly SearchIndexClient indexClient;
    private readonly SearchClient client;
    private readonly bool semanticRanker;
    private readonly SemaphoreSlim indexLock = new(1, 1);
    private volatile int indexedDimensions;

    public AzureSearchKnowledgeStore(SearchIndexClient indexClient, string indexName, bool semanticRanker = false)
    {
        ArgumentNullException.ThrowIfNull(indexClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(indexName);
        this.indexClient = indexClient;
        this.semanticRanker = semanticRanker;
        IndexName = indexName;
        client = indexClient.GetSearchClient(indexName);
    }

    public string IndexName { get; }

    public void Dispose() => indexLock.Dispose();

    /// <summary>Creates the index, or updates it to the current definition (new fields, semantic and vector settings).</summary>
    public async Task EnsureIndexAsync(int dimensions, CancellationToken cancellationToken = default)
    {
        if (indexedDimensions == dimensions)
        {
            return;
        }

        await indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (indexedDimensions != dimensions)
            {
                await indexClient.CreateOrUpdateIndexAsync(AzureSearchIndexDefinition.Build(IndexName, dimensions), cancellationToken: cancellationToken).ConfigureAwait(false);
                indexedDimensions = dimensions;
            }
        }
        finally
        {
            indexLock.Release();
        }
    }

    public async Task UpsertDocumentAsync(string documentId, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        RequireDocument(documentId, chunks);
        var existing = await FindKeysAsync($"{SearchChunkDocument.Fields.ParentDocId} eq {Quote(documentId)}", cancellationToken).ConfigureAwait(false);
        await UploadAsync(chunks, cancellationToken).ConfigureAwait(false);
        await DeleteKeysAsync(existing.Except(chunks.Select(c => SearchChunkDocument.Key(c.ChunkId))).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public Task UpsertChunksAsync(IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return UploadAsync(chunks, cancellationToken);
    }

    public async Task ReplaceChunkRangeAsync(string documentId, int fromIndex, int toIndex, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(toIndex, fromIndex);
        RequireDocument(documentId, chunks);
        if (chunks.Any(c => c.Index < fromIndex || c.Index >= toIndex))
        {
            throw new ArgumentException($"Every chunk index must lie in [{fromIndex}, {toIndex}).", nameof(chunks));
        }

        var existing = await FindKeysAsync(string.Create(CultureInfo.InvariantCulture,
            $"{SearchChunkDocument.Fields.ParentDocId} eq {Quote(documentId)} and {SearchChunkDocument.Fields.ChunkIndex} ge {fromIndex} and {SearchChunkDocument.Fields.ChunkIndex} lt {toIndex}"),
            cancellationToken).ConfigureAwait(false);
        await UploadAsync(chunks, cancellationToken).ConfigureAwait(false);
        await DeleteKeysAsync(existing.Except(chunks.Select(c => SearchChunkDocument.Key(c.ChunkId))).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> TrimDocumentAsync(string documentId, int chunkCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        var keys = await FindKeysAsync(string.Create(CultureInfo.InvariantCulture,
            $"{SearchChunkDocument.Fields.ParentDocId} eq {Quote(documentId)} and {SearchChunkDocument.Fields.ChunkIndex} ge {chunkCount}"), cancellationToken).ConfigureAwait(false);
        await DeleteKeysAsync(keys, cancellationToken).ConfigureAwait(false);
        return keys.Count;
    }

    public async Task<int> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        var keys = await FindKeysAsync($"{SearchChunkDocument.Fields.ParentDocId} eq {Quote(documentId)}", cancellationToken).ConfigureAwait(false);
        await DeleteKeysAsync(keys, cancellationToken).ConfigureAwait(false);
        return keys.Count;
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = FtsQuery.Terms(query.Text);
        var hasVector = query.Vector is { Length: > 0 };
        if (query.Top <= 0 || (terms.Count == 0 && !hasVector))
        {
            return [];
        }

        var options = new SearchOptions
        {
            Filter = Filter(query),
            Size = query.Top,
            QueryType = semanticRanker && terms.Count > 0 ? SearchQueryType.Semantic : SearchQueryType.Simple,
            SearchFields = { SearchChunkDocument.Fields.Text, SearchChunkDocument.Fields.Title, SearchChunkDocument.Fields.Section },
        };
        foreach (var field in SearchChunkDocument.Fields.AllButEmbedding)
        {
            options.Select.Add(field);
        }

        if (hasVector)
        {
            options.VectorSearch = new VectorSearchOptions
            {
                Queries =
                {
                    new VectorizedQuery(query.Vector!) { KNearestNeighborsCount = Math.Max(MinCandidates, query.Top * 5), Fields = { SearchChunkDocument.Fields.Embedding } },
                },
            };
        }

        if (options.QueryType == SearchQueryType.Semantic)
        {
            options.SemanticSearch = new SemanticSearchOptions { SemanticConfigurationName = AzureSearchIndexDefinition.SemanticConfiguration };
        }

        // Terms OR-ed as plain words (as on the embedded store): no query syntax from user text reaches the service.
        var text = terms.Count > 0 ? string.Join(' ', terms) : null;
        try
        {
            var response = await client.SearchAsync<SearchChunkDocument>(text, options, cancellationToken).ConfigureAwait(false);
            var hits = new List<KnowledgeHit>();
            await foreach (var result in response.Value.GetResultsAsync().ConfigureAwait(false))
            {
                var d = result.Document;
                hits.Add(new KnowledgeHit(d.ChunkId, d.ParentDocId, d.Text, d.ToMetadata(), result.Score ?? 0, null, null));
                if (hits.Count == query.Top)
                {
                    break;
                }
            }

            return hits;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return []; // Nothing was ever written: the index does not exist yet.
        }
    }

    public async Task<int> CountChunksAsync(string? documentId = null, CancellationToken cancellationToken = default)
    {
        var options = new SearchOptions
        {
            Filter = documentId is null ? null : $"{SearchChunkDocument.Fields.ParentDocId} eq {Quote(documentId)}",
            Size = 0,
            IncludeTotalCount = true,
        };
        try
        {
            var response = await client.SearchAsync<SearchChunkDocument>("*", options, cancellationToken).ConfigureAwait(false);
            return (int)(response.Value.TotalCount ?? 0);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    public async Task<IReadOnlyList<KnowledgeChunk>> ListStaleChunksAsync(string embeddingModel, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(embeddingModel);
        var documents = await FindAsync($"{SearchChunkDocument.Fields.EmbeddingModel} ne {Quote(embeddingModel)}", limit, SearchChunkDocument.Fields.AllButEmbedding, cancellationToken).ConfigureAwait(false);
        return documents.Select(d => new KnowledgeChunk(d.ChunkId, d.ParentDocId, d.ChunkIndex, d.Text, [], d.ToMetadata())).ToList();
    }

    public async Task<IReadOnlyList<string>> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var expired = await FindAsync($"{SearchChunkDocument.Fields.ExpiresAt} le {Time(now)}", int.MaxValue,
            [SearchChunkDocument.Fields.Id, SearchChunkDocument.Fields.ParentDocId], cancellationToken).ConfigureAwait(false);
        await DeleteKeysAsync(expired.Select(d => d.Id).ToList(), cancellationToken).ConfigureAwait(false);
        return expired.Select(d => d.ParentDocId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The OData filter of a query: tenant (own + shared), source, minimum quality, freshness and expiry.</summary>
    public static string Filter(KnowledgeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var clauses = new List<string>
        {
            query.Tenant is null
                ? $"{SearchChunkDocument.Fields.Tenant} eq null"
                : $"({SearchChunkDocument.Fields.Tenant} eq {Quote(query.Tenant)} or {SearchChunkDocument.Fields.Tenant} eq null)",
        };
        if (query.Source is not null)
        {
            clauses.Add($"{SearchChunkDocument.Fields.Source} eq {Quote(query.Source)}");
        }

        if (query.MinQuality > 0)
        {
            clauses.Add(string.Create(CultureInfo.InvariantCulture, $"{SearchChunkDocument.Fields.QualityScore} ge {query.MinQuality}"));
        }

        if (query.NotBefore is { } notBefore)
        {
            clauses.Add($"{SearchChunkDocument.Fields.Timestamp} ge {Time(notBefore)}");
        }

        if (query.Now is { } now)
        {
            clauses.Add($"({SearchChunkDocument.Fields.ExpiresAt} eq null or {SearchChunkDocument.Fields.ExpiresAt} gt {Time(now)})");
        }

        return string.Join(" and ", clauses);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void RequireDocument(string documentId, IReadOnlyList<KnowledgeChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Any(c => c.ParentDocId != documentId))
        {
            throw new ArgumentException($"Every chunk must belong to document '{documentId}'.", nameof(chunks));
        }
    }

    private async Task UploadAsync(IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        if (chunks.FirstOrDefault(c => c.Embedding is { Length: > 0 }) is { } embedded)
        {
            await EnsureIndexAsync(embedded.Embedding.Length, cancellationToken).ConfigureAwait(false);
        }

        foreach (var batch in chunks.Chunk(MaxBatchSize))
        {
            // MergeOrUpload: a chunk uploaded without a vector (waiting for re-embedding) keeps the vector it has.
            var actions = IndexDocumentsBatch.MergeOrUpload(batch.Select(SearchChunkDocument.From));
            await client.IndexDocumentsAsync(actions, new IndexDocumentsOptions { ThrowOnAnyError = true }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteKeysAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Chunk(MaxBatchSize))
        {
            await client.IndexDocumentsAsync(IndexDocumentsBatch.Delete(SearchChunkDocument.Fields.Id, batch), new IndexDocumentsOptions { ThrowOnAnyError = true }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<string>> FindKeysAsync(string filter, CancellationToken cancellationToken) =>
        (await FindAsync(filter, int.MaxValue, [SearchChunkDocument.Fields.Id], cancellationToken).ConfigureAwait(false)).Select(d => d.Id).ToList();

    /// <summary>Every document matching <paramref name="filter"/> (up to <paramref name="limit"/>), paged; none when the index does not exist.</summary>
    private async Task<List<SearchChunkDocument>> FindAsync(string filter, int limit, IReadOnlyList<string> select, CancellationToken cancellationToken)
    {
        var found = new List<SearchChunkDocument>();
        try
        {
            while (found.Count < limit)
            {
                var options = new SearchOptions
                {
                    Filter = filter,
                    Size = Math.Min(PageSize, limit - found.Count),
                    Skip = found.Count,
                    OrderBy = { $"{SearchChunkDocument.Fields.Id} asc" }, // a total order, so pages neither skip nor repeat
                };
                foreach (var field in select)
                {
                    options.Select.Add(field);
                }

                var response = await client.SearchAsync<SearchChunkDocument>("*", options, cancellationToken).ConfigureAwait(false);
                var page = 0;
                await foreach (var result in response.Value.GetResultsAsync().ConfigureAwait(false))
                {
                    found.Add(result.Document);
                    if (++page == options.Size)
                    {
                        break;
                    }
                }

                if (page < options.Size)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No index yet: nothing to find.
        }

        return found;
    }
}
