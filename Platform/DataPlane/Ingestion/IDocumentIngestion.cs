namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>
/// The ingestion pipeline's steps (PII → dedupe → chunk → embed → score → store), each idempotent so durable
/// activities can retry them. Only references travel between steps; content stays in blob storage.
/// </summary>
public interface IDocumentIngestion
{
    /// <summary>Validates, stages the content and records the document as queued; the ref's InstanceId is the orchestration id to start.</summary>
    /// <exception cref="IngestValidationException">The message is invalid; <see cref="IngestValidationException.Field"/> says which field.</exception>
    Task<DocumentRef> AcceptAsync(IngestMessage message, CancellationToken cancellationToken = default);

    /// <summary>Redacts the staged content, stores the redacted text and deletes the raw staged blob.</summary>
    Task<RedactedDocument> RedactAsync(DocumentRef document, CancellationToken cancellationToken = default);

    /// <summary>Whether this exact redacted content is already indexed with the current pipeline.</summary>
    Task<DedupeResult> CheckDuplicateAsync(RedactedDocument redacted, CancellationToken cancellationToken = default);

    /// <summary>Chunks the redacted text into blob batches.</summary>
    Task<ChunkManifest> ChunkAsync(DocumentRef document, RedactedDocument redacted, CancellationToken cancellationToken = default);

    /// <summary>Embeds, quality-scores and stores one batch; returns how many chunks were stored.</summary>
    Task<int> EmbedAndStoreAsync(ChunkBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Removes chunks beyond the new count, records the document as indexed and cleans intermediate blobs.</summary>
    Task<DocumentStatus> CompleteAsync(DocumentRef document, RedactedDocument redacted, ChunkManifest manifest, CancellationToken cancellationToken = default);

    /// <summary>Records that the content was already indexed.</summary>
    Task<DocumentStatus> MarkUnchangedAsync(DocumentRef document, RedactedDocument redacted, CancellationToken cancellationToken = default);

    /// <summary>Records the failure (an exception message, never content) and deletes the raw staged blob.</summary>
    Task<DocumentStatus> FailAsync(DocumentRef document, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a message for the document was given up on before any version of it could run (it went to the
    /// poison queue): status <c>failed</c> with the error, keeping what an earlier indexed version left.
    /// </summary>
    Task<DocumentStatus> RecordRejectedAsync(string documentId, string? source, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// The TTL sweep: deletes chunks whose TTL ended and records their documents as <c>expired</c> (searches already
    /// leave expired chunks out, so the sweep reclaims space and keeps the status true). Returns the expired document ids.
    /// </summary>
    Task<IReadOnlyList<string>> SweepExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Scheduled re-embedding: re-embeds up to <paramref name="maxChunks"/> chunks whose embedding model is not the current one,
    /// from their stored (redacted) text, leaving every other chunk alone. Returns how many were re-embedded (0: none stale).
    /// </summary>
    Task<int> ReembedStaleChunksAsync(int maxChunks, CancellationToken cancellationToken = default);

    /// <summary>The document's status, or null when unknown. The id is normalised as on accept.</summary>
    Task<DocumentStatus?> GetStatusAsync(string documentId, CancellationToken cancellationToken = default);
}
