namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>Hybrid (keyword + vector) store of document chunks, fused with reciprocal rank fusion.</summary>
public interface IKnowledgeStore
{
    /// <summary>Replaces every chunk of the document with these (chunks that disappeared are deleted).</summary>
    Task UpsertDocumentAsync(string documentId, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces chunks without touching the document's other chunks (batched ingestion).</summary>
    Task UpsertChunksAsync(IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the document's chunks with index in [<paramref name="fromIndex"/>, <paramref name="toIndex"/>) by these, atomically:
    /// one ingestion batch, where chunks dropped by quality filters must not leave an older version's chunk behind.
    /// </summary>
    Task ReplaceChunkRangeAsync(string documentId, int fromIndex, int toIndex, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document's chunks whose index is at or above <paramref name="chunkCount"/>; returns how many went.</summary>
    Task<int> TrimDocumentAsync(string documentId, int chunkCount, CancellationToken cancellationToken = default);

    Task<int> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<KnowledgeHit>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken = default);

    Task<int> CountChunksAsync(string? documentId = null, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> chunks embedded by another model than <paramref name="embeddingModel"/> (their embeddings are empty).</summary>
    Task<IReadOnlyList<KnowledgeChunk>> ListStaleChunksAsync(string embeddingModel, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes every chunk whose TTL ended at or before <paramref name="now"/>; returns the ids of the documents that lost chunks.</summary>
    Task<IReadOnlyList<string>> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>One stored chunk with the seed's metadata schema plus lineage.</summary>
public sealed record KnowledgeChunk(
    string ChunkId,
    string ParentDocId,
    int Index,
    string Text,
    float[] Embedding,
    ChunkMetadata Metadata);

/// <summary>
/// source, timestamp, quality_score (seed) and lineage: redaction policy, chunker, embedding model; <see cref="Section"/> is the
/// heading trail; <see cref="ExpiresAt"/> (from the document's TTL) is when the chunk stops being retrievable.
/// </summary>
public sealed record ChunkMetadata(
    string Source,
    string? Title,
    string? Tenant,
    DateTimeOffset Timestamp,
    double QualityScore,
    string RedactionPolicy,
    string Chunker,
    string EmbeddingModel,
    IReadOnlyList<string> Tags,
    string? Section = null,
    DateTimeOffset? ExpiresAt = null);

/// <summary>
/// A hybrid query: keyword text (empty: vector only), optional query vector (null: keyword only), filters.
/// <see cref="Tenant"/> sees that tenant's chunks plus shared (tenant-less) ones; null sees shared chunks only.
/// Chunks scored below <see cref="MinQuality"/> are left out, and so are chunks older than <see cref="NotBefore"/> (freshness) and
/// chunks whose TTL ended at or before <see cref="Now"/> (null: no expiry check), so expiry is exact even between sweeps.
/// </summary>
public sealed record KnowledgeQuery(string Text, float[]? Vector, int Top = 5, string? Tenant = null, string? Source = null, double MinQuality = 0, DateTimeOffset? NotBefore = null, DateTimeOffset? Now = null);

/// <summary>
/// A search result; <see cref="Score"/> is the fused RRF score. <see cref="InjectionMarkers"/> names the prompt-injection
/// markers the retriever found in the text (empty: none; null: not scanned, straight from a store).
/// </summary>
public sealed record KnowledgeHit(string ChunkId, string ParentDocId, string Text, ChunkMetadata Metadata, double Score, int? KeywordRank, int? VectorRank, IReadOnlyList<string>? InjectionMarkers = null)
{
    /// <summary>Whether the text carries prompt-injection markers: quote it as data, never follow it.</summary>
    public bool Suspicious => InjectionMarkers is { Count: > 0 };
}
