namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>
/// A document to ingest, as sent to <c>POST /api/documents</c> or put on the <c>ingest</c> queue
/// (JSON, Base64-encoded on the queue). Exactly one source: <see cref="Content"/> inline, <see cref="Url"/>, <see cref="Blob"/>
/// or (set by the platform) <see cref="StagedBlob"/>.
/// </summary>
public sealed record IngestMessage
{
    /// <summary>Stable document id; re-sending the same id with new content updates the document. Default: derived from <see cref="Source"/>.</summary>
    public string? Id { get; init; }

    public string? Source { get; init; }

    public string? Title { get; init; }

    public string? Content { get; init; }

    /// <summary>
    /// <c>text/plain</c> (default), <c>text/markdown</c>, <c>text/html</c> (boilerplate stripped, headings kept) or
    /// <c>application/pdf</c> (text extracted). For a URL or blob, default: the type the server or blob reports.
    /// </summary>
    public string? ContentType { get; init; }

    /// <summary><c>base64</c> when <see cref="Content"/> holds binary content (a PDF); default: the content is text.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>An http or https URL to fetch the document from (size-limited, private networks refused unless allowed).</summary>
    public string? Url { get; init; }

    /// <summary>A blob in the platform's storage account, as <c>container/path</c>.</summary>
    public string? Blob { get; init; }

    public string? Tenant { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>How long the document's chunks stay retrievable: ISO 8601 (<c>P7D</c>, <c>PT12H</c>) or <c>d.hh:mm:ss</c>; default: forever.</summary>
    public string? Ttl { get; init; }

    /// <summary>Set by the platform when content was staged to blob storage instead of travelling inline.</summary>
    public string? StagedBlob { get; init; }

    /// <summary>How to chunk this document; unset fields (or no policy) take the <c>Ingestion</c> settings.</summary>
    public ChunkingPolicy? Chunking { get; init; }
}

/// <summary>
/// A document's chunking policy: <c>strategy</c> recursive | fixed | semantic, <c>unit</c> characters | tokens, <c>size</c> and
/// <c>overlap</c> in that unit. Recorded on every chunk as the chunker lineage (e.g. <c>semantic/500t/50</c>).
/// </summary>
public sealed record ChunkingPolicy(string? Strategy = null, string? Unit = null, int? Size = null, int? Overlap = null);

/// <summary>
/// What the orchestration carries: references, never the content. <see cref="AlreadyIngested"/> is set by accept when this
/// exact version (content and metadata) is already indexed: nothing was staged and no orchestration needs to run.
/// </summary>
/// <see cref="ExpiresAt"/> comes from the message's TTL: the chunks stop being retrievable then and the sweep deletes them.
public sealed record DocumentRef(string DocumentId, string InstanceId, string StagedBlob, string Source, string? Title, string? Tenant, IReadOnlyList<string> Tags, string ContentType, bool AlreadyIngested = false, DateTimeOffset? ExpiresAt = null, ChunkingPolicy? Chunking = null);

/// <summary>The redacted document: its blob, its content hash and how much was redacted.</summary>
public sealed record RedactedDocument(string DocumentId, string RedactedBlob, string ContentHash, int Characters, int PiiFindings, string RedactionPolicy);

/// <summary>Dedupe decision: <c>unchanged</c> documents are skipped.</summary>
public sealed record DedupeResult(bool Unchanged, string? PreviousHash);

/// <summary>Chunks written to blob storage in batches; the orchestration fans out over batch numbers only.</summary>
public sealed record ChunkManifest(string DocumentId, int ChunkCount, int BatchCount, int BatchSize, string Chunker);

/// <summary>One batch to embed and store.</summary>
public sealed record ChunkBatch(DocumentRef Document, RedactedDocument Redacted, ChunkManifest Manifest, int Batch);

/// <summary>Ingestion status as shown by <c>GET /api/documents/{id}</c>.</summary>
public sealed record DocumentStatus(
    string DocumentId,
    string Status,
    string? InstanceId,
    string? Source,
    string? Title,
    string? ContentHash,
    int? Chunks,
    string? Error,
    DateTimeOffset UpdatedAt);

/// <summary>Status values of <see cref="DocumentStatus.Status"/>.</summary>
public static class DocumentStates
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Indexed = "indexed";
    public const string Unchanged = "unchanged";
    public const string Failed = "failed";

    /// <summary>The document's TTL ended: its chunks were deleted; sending it again indexes it again.</summary>
    public const string Expired = "expired";

    /// <summary>Only in an ingestion outcome: a newer version of the document was accepted while this one ran, so this one stored nothing.</summary>
    public const string Superseded = "superseded";
}
