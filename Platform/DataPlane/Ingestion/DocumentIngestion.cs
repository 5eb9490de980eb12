using System.Globalization;
using System.Text;
using System.Text.Json;
using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.DataPlane.Knowledge;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>
/// The ingestion steps over Azure Storage (staging, redacted text, chunk batches, the <c>Documents</c> status table)
/// and the knowledge store. Raw content lives only in <c>ingest-staging</c> until it is redacted.
/// </summary>
public sealed partial class DocumentIngestion(
    StorageAccount storage,
    IPiiRedactor redactor,
    TextChunker chunker,
    IKnowledgeStore store,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<DocumentIngestion> logger,
    DocumentSourceReader sourceReader) : IDocumentIngestion
{
    public const string StatusTable = "Documents";
    public const string StagingContainer = "ingest-staging";
    public const string DocumentsContainer = "documents";
    public const string ChunksContainer = "chunks";
    public const string PartitionKey = "doc";

    private const int MaxErrorLength = 2000;
    private const string PlainText = "text/plain";
    private const string Markdown = "text/markdown";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<DocumentRef> AcceptAsync(IngestMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var hasContent = !string.IsNullOrEmpty(message.Content);
        var hasStaged = !string.IsNullOrWhiteSpace(message.StagedBlob);
        var sources = new[] { hasContent, hasStaged, !string.IsNullOrWhiteSpace(message.Url), !string.IsNullOrWhiteSpace(message.Blob) }.Count(b => b);
        if (sources != 1)
        {
            throw new IngestValidationException(nameof(IngestMessage.Content),
                sources == 0 ? "Content is required (or Url, or Blob)." : "Send exactly one of Content, Url, Blob (or StagedBlob for content already staged).");
        }

        if (string.IsNullOrWhiteSpace(message.Id) && string.IsNullOrWhiteSpace(message.Source) && string.IsNullOrWhiteSpace(message.Url))
        {
            throw new IngestValidationException(nameof(IngestMessage.Source), "Source is required when no Id is given (the document id is derived from it).");
        }

        var source = string.IsNullOrWhiteSpace(message.Source) ? message.Url?.Trim() : message.Source.Trim();
        var documentId = string.IsNullOrWhiteSpace(message.Id)
            ? DocumentIds.FromSource(source!)
            : DocumentIds.Normalize(message.Id);
        if (documentId.Length == 0)
        {
            throw new IngestValidationException(nameof(IngestMessage.Id), "Id must contain at least one letter or digit.");
        }

        var staging = await storage.ContainerAsync(StagingContainer, cancellationToken).ConfigureAwait(false);
        string content, contentType;
        string? foundTitle = null;
        if (hasStaged)
        {
            // Staged content was extracted on first acceptance: it is already text or Markdown.
            contentType = message.ContentType is null ? PlainText : DocumentSourceReader.NormalizeContentType(message.ContentType, nameof(IngestMessage.ContentType)) switch
            {
                DocumentSourceReader.Markdown => Markdown,
                _ => PlainText,
            };
            content = await ReadStagedAsync(staging, StagedName(message.StagedBlob!), settings.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var extracted = await sourceReader.ReadAsync(message, cancellationToken).ConfigureAwait(false);
            (content, contentType, foundTitle) = (extracted.Text, extracted.ContentType, extracted.Title);
            hasContent = true;
        }

        var bytes = Encoding.UTF8.GetByteCount(content);
        if (bytes > settings.MaxDocumentBytes)
        {
            throw new IngestValidationException(nameof(IngestMessage.Content),
                string.Create(CultureInfo.InvariantCulture, $"Content is {bytes} bytes; the limit is {settings.MaxDocumentBytes} bytes (Ingestion:MaxDocumentBytes)."));
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            throw new IngestValidationException(nameof(IngestMessage.Content), "Content is empty.");
        }

        var hash = DocumentIds.VersionHash(documentId, content);
        var tags = (message.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        var document = new DocumentRef(
            documentId,
            DocumentIds.InstanceId(hash),
            hasContent ? $"{documentId}/{hash}" : StagedName(message.StagedBlob!),
            string.IsNullOrWhiteSpace(source) ? documentId : source,
            string.IsNullOrWhiteSpace(message.Title) ? foundTitle : message.Title.Trim(),
            string.IsNullOrWhiteSpace(message.Tenant) ? null : message.Tenant.Trim(),
            tags,
            contentType,
            ExpiresAt: ParseTtl(message.Ttl) is { } ttl ? time.GetUtcNow() + ttl : null,
            Chunking: message.Chunking);
        if (message.Chunking is not null)
        {
            _ = ChunkingPolicies.Create(settings, message.Chunking); // refuses a bad policy at accept time, with the field
        }

        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        var existing = await GetRowAsync(table, documentId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.GetString("InstanceId") == document.InstanceId
            && existing.GetString("Status") is DocumentStates.Indexed or DocumentStates.Unchanged
            && existing.GetString("IndexedMetadata") == MetadataFingerprint(document))
        {
            // This exact version is done; staging the raw content again would only leave PII behind.
            if (hasStaged)
            {
                await staging.GetBlobClient(document.StagedBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            LogAlreadyDone(logger, documentId, document.InstanceId);
            return document with { AlreadyIngested = true };
        }

        if (hasContent)
        {
            await StageAsync(staging.GetBlobClient(document.StagedBlob), content, contentType, cancellationToken).ConfigureAwait(false);
        }

        var row = NewRow(documentId, DocumentStates.Queued, document);
        row["Error"] = "";
        if (existing?.GetString("IndexedMetadata") is { Length: > 0 } indexedMetadata && indexedMetadata != MetadataFingerprint(document))
        {
            // Same text under a new title, tenant or tags must be re-indexed: forget the indexed hash so dedupe lets it through.
            row["ContentHash"] = "";
        }

        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        LogAccepted(logger, documentId, document.InstanceId, bytes);
        return document;
    }

    public async Task<RedactedDocument> RedactAsync(DocumentRef document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var activity = IngestionTelemetry.Start("redact", document.DocumentId);
        var staging = await storage.ContainerAsync(StagingContainer, cancellationToken).ConfigureAwait(false);
        var documents = await storage.ContainerAsync(DocumentsContainer, cancellationToken).ConfigureAwait(false);
        var redactedName = RedactedName(document);
        var redactedBlob = documents.GetBlobClient(redactedName);
        var staged = staging.GetBlobClient(document.StagedBlob);

        string raw;
        try
        {
            raw = (await staged.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await ExistingRedactionAsync(document, redactedBlob, cancellationToken).ConfigureAwait(false);
        }

        var redaction = redactor.Redact(raw);
        foreach (var type in redaction.Findings.GroupBy(f => f.Type))
        {
            IngestionTelemetry.PiiFindings.Add(type.Count(), new KeyValuePair<string, object?>("ainative.pii.entity", type.Key));
        }

        activity?.SetTag("ainative.pii.findings", redaction.Findings.Count);
        var findings = redaction.Findings.Count.ToString(CultureInfo.InvariantCulture);
        await redactedBlob.UploadAsync(BinaryData.FromString(redaction.Text), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = document.ContentType + "; charset=utf-8" },
            Metadata = new Dictionary<string, string> { ["piifindings"] = findings, ["policy"] = redactor.PolicyVersion },
        }, cancellationToken).ConfigureAwait(false);
        // Deleted only after the redacted copy is safely stored, so a crash in between loses nothing.
        await staged.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        if (await CurrentRowAsync(table, document, cancellationToken).ConfigureAwait(false) is not null)
        {
            await table.UpsertEntityAsync(NewRow(document.DocumentId, DocumentStates.Processing, document), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }

        LogRedacted(logger, document.DocumentId, redaction.Findings.Count, redactor.PolicyVersion);
        return new RedactedDocument(
            document.DocumentId,
            $"{DocumentsContainer}/{redactedName}",
            DocumentIds.Sha256Hex(redaction.Text),
            redaction.Text.Length,
            redaction.Findings.Count,
            redactor.PolicyVersion);
    }

    public async Task<DedupeResult> CheckDuplicateAsync(RedactedDocument redacted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        var row = await GetRowAsync(table, redacted.DocumentId, cancellationToken).ConfigureAwait(false);
        var previous = row?.GetString("ContentHash") is { Length: > 0 } hash ? hash : null;
        if (previous is null || previous != redacted.ContentHash)
        {
            return new DedupeResult(false, previous);
        }

        // Same text, but a new redaction policy, chunker or embedding model means re-indexing (embeddings upkeep);
        // and a store that lost the chunks (a fresh local data folder) must be refilled.
        var sameLineage = row!.GetString("Lineage") == Lineage(redacted.RedactionPolicy);
        var stored = await store.CountChunksAsync(redacted.DocumentId, cancellationToken).ConfigureAwait(false);
        return new DedupeResult(sameLineage && stored == row.GetInt32("Chunks"), previous);
    }

    public async Task<ChunkManifest> ChunkAsync(DocumentRef document, RedactedDocument redacted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(redacted);
        using var activity = IngestionTelemetry.Start("chunk", document.DocumentId);
        var text = await ReadRedactedAsync(redacted, cancellationToken).ConfigureAwait(false);
        var documentChunker = document.Chunking is null ? chunker : ChunkingPolicies.Create(options.Value, document.Chunking);
        var chunks = documentChunker.Chunk(text, markdown: document.ContentType == Markdown);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var staged = chunks
            .Select(c => new StagedChunk(c.Index, c.Text, c.Section, Duplicate: !seen.Add(NormalizeForDedupe(c.Text))))
            .ToList();

        var batchSize = options.Value.BatchSize;
        var container = await storage.ContainerAsync(ChunksContainer, cancellationToken).ConfigureAwait(false);
        var batches = staged.Chunk(batchSize).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            await container.GetBlobClient(BatchName(document, b))
                .UploadAsync(BinaryData.FromObjectAsJson(batches[b], Json), overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        LogChunked(logger, document.DocumentId, chunks.Count, batches.Count, documentChunker.Id);
        return new ChunkManifest(document.DocumentId, chunks.Count, batches.Count, batchSize, documentChunker.Id);
    }

    public async Task<int> EmbedAndStoreAsync(ChunkBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var document = batch.Document;
        using var activity = IngestionTelemetry.Start("embed and store", document.DocumentId);
        activity?.SetTag("ainative.ingest.batch", batch.Batch);
        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        if (await CurrentRowAsync(table, document, cancellationToken).ConfigureAwait(false) is null)
        {
            // A newer version was accepted meanwhile: its chunks must not be overwritten by this older text.
            LogSuperseded(logger, document.DocumentId, document.InstanceId);
            return 0;
        }

        var container = await storage.ContainerAsync(ChunksContainer, cancellationToken).ConfigureAwait(false);
        var content = (await container.GetBlobClient(BatchName(document, batch.Batch)).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        var chunks = content.ToObjectFromJson<List<StagedChunk>>(Json) ?? [];
        var kept = chunks.Where(c => !c.Duplicate).ToList();

        var stored = new List<KnowledgeChunk>(kept.Count);
        if (kept.Count > 0)
        {
            var vectors = await embeddings.GenerateAsync(kept.Select(c => EmbeddingInput(c, document.Title)), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (vectors.Count != kept.Count)
            {
                throw new InvalidOperationException($"The embedding generator returned {vectors.Count} vectors for {kept.Count} inputs.");
            }

            var now = time.GetUtcNow();
            var model = EmbeddingModelId();
            for (var i = 0; i < kept.Count; i++)
            {
                var chunk = kept[i];
                stored.Add(new KnowledgeChunk(
                    $"{document.DocumentId}#{chunk.Index.ToString(CultureInfo.InvariantCulture)}",
                    document.DocumentId,
                    chunk.Index,
                    chunk.Text,
                    vectors[i].Vector.ToArray(),
                    new ChunkMetadata(document.Source, document.Title, document.Tenant, now, ChunkQualityScorer.Score(chunk.Text),
                        batch.Redacted.RedactionPolicy, batch.Manifest.Chunker, model, document.Tags, chunk.Section, document.ExpiresAt)));
            }
        }

        var from = batch.Batch * batch.Manifest.BatchSize;
        var to = Math.Min(from + batch.Manifest.BatchSize, batch.Manifest.ChunkCount);
        await store.ReplaceChunkRangeAsync(document.DocumentId, from, Math.Max(from, to), stored, cancellationToken).ConfigureAwait(false);
        IngestionTelemetry.Chunks.Add(stored.Count);
        LogStored(logger, document.DocumentId, batch.Batch, stored.Count, chunks.Count - kept.Count);
        return stored.Count;
    }

    public async Task<DocumentStatus> CompleteAsync(DocumentRef document, RedactedDocument redacted, ChunkManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(redacted);
        ArgumentNullException.ThrowIfNull(manifest);
        using var activity = IngestionTelemetry.Start("complete", document.DocumentId);
        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        if (await CurrentRowAsync(table, document, cancellationToken).ConfigureAwait(false) is null)
        {
            await DeleteStagedAsync(document, cancellationToken).ConfigureAwait(false);
            await DeleteBlobsAsync(ChunksContainer, $"{document.DocumentId}/{VersionHash(document)}/", keep: null, cancellationToken).ConfigureAwait(false);
            LogSuperseded(logger, document.DocumentId, document.InstanceId);
            var latest = (await GetRowAsync(table, document.DocumentId, cancellationToken).ConfigureAwait(false))!;
            return ToStatus(latest) with { Status = DocumentStates.Superseded, InstanceId = document.InstanceId, Chunks = 0 };
        }

        var trimmed = await store.TrimDocumentAsync(document.DocumentId, manifest.ChunkCount, cancellationToken).ConfigureAwait(false);
        var count = await store.CountChunksAsync(document.DocumentId, cancellationToken).ConfigureAwait(false);

        var row = NewRow(document.DocumentId, DocumentStates.Indexed, document);
        row["ContentHash"] = redacted.ContentHash;
        row["Chunks"] = count;
        row["Error"] = "";
        row["RedactedBlob"] = redacted.RedactedBlob;
        row["Lineage"] = Lineage(redacted.RedactionPolicy);
        row["IndexedMetadata"] = MetadataFingerprint(document);
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);

        await DeleteStagedAsync(document, cancellationToken).ConfigureAwait(false);
        await DeleteBlobsAsync(ChunksContainer, document.DocumentId + "/", keep: null, cancellationToken).ConfigureAwait(false);
        await DeleteBlobsAsync(DocumentsContainer, document.DocumentId + "/", keep: BlobName(redacted.RedactedBlob), cancellationToken).ConfigureAwait(false);
        IngestionTelemetry.Documents.Add(1, new KeyValuePair<string, object?>("ainative.ingest.status", DocumentStates.Indexed));
        LogCompleted(logger, document.DocumentId, count, trimmed);
        return ToStatus(row);
    }

    public async Task<DocumentStatus> MarkUnchangedAsync(DocumentRef document, RedactedDocument redacted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(redacted);
        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        var current = await CurrentRowAsync(table, document, cancellationToken).ConfigureAwait(false);
        var indexedBlob = (current ?? await GetRowAsync(table, document.DocumentId, cancellationToken).ConfigureAwait(false))?.GetString("RedactedBlob");
        if (current is not null)
        {
            var row = NewRow(document.DocumentId, DocumentStates.Unchanged, document);
            row["Error"] = "";
            await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }

        await DeleteStagedAsync(document, cancellationToken).ConfigureAwait(false);
        if (indexedBlob != redacted.RedactedBlob)
        {
            // Different raw text (e.g. only PII changed) that redacts to the indexed text: one copy is enough.
            var documents = await storage.ContainerAsync(DocumentsContainer, cancellationToken).ConfigureAwait(false);
            await documents.GetBlobClient(BlobName(redacted.RedactedBlob)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        IngestionTelemetry.Documents.Add(1, new KeyValuePair<string, object?>("ainative.ingest.status", DocumentStates.Unchanged));
        LogUnchanged(logger, document.DocumentId);
        return (await GetStatusAsync(document.DocumentId, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<DocumentStatus> FailAsync(DocumentRef document, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var message = string.IsNullOrWhiteSpace(error) ? "Ingestion failed." : error.Trim();
        if (message.Length > MaxErrorLength)
        {
            message = message[..MaxErrorLength];
        }

        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        // A superseded version's failure must not mask the state of the newer version.
        if (await CurrentRowAsync(table, document, cancellationToken).ConfigureAwait(false) is not null)
        {
            var row = NewRow(document.DocumentId, DocumentStates.Failed, document);
            row["Error"] = message;
            await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }

        // A failed version is not retried by itself; its raw content must not outlive it.
        await DeleteStagedAsync(document, cancellationToken).ConfigureAwait(false);
        await DeleteBlobsAsync(ChunksContainer, $"{document.DocumentId}/{VersionHash(document)}/", keep: null, cancellationToken).ConfigureAwait(false);
        IngestionTelemetry.Documents.Add(1, new KeyValuePair<string, object?>("ainative.ingest.status", DocumentStates.Failed));
        LogFailed(logger, document.DocumentId, document.InstanceId);
        return (await GetStatusAsync(document.DocumentId, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<DocumentStatus> RecordRejectedAsync(string documentId, string? source, string error, CancellationToken cancellationToken = default)
    {
        var id = DocumentIds.Normalize(documentId ?? "");
        if (id.Length == 0)
        {
            throw new ArgumentException("The document id must contain at least one letter or digit.", nameof(documentId));
        }

        var message = string.IsNullOrWhiteSpace(error) ? "Ingestion failed." : error.Trim();
        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(PartitionKey, id)
        {
            ["Status"] = DocumentStates.Failed,
            ["Error"] = message.Length > MaxErrorLength ? message[..MaxErrorLength] : message,
            ["UpdatedAt"] = time.GetUtcNow(),
        };
        if (await GetRowAsync(table, id, cancellationToken).ConfigureAwait(false) is null && !string.IsNullOrWhiteSpace(source))
        {
            row["Source"] = source.Trim();
        }

        // Merge: an earlier indexed version's hash, chunk count and lineage stay, so its chunks remain accounted for.
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        IngestionTelemetry.Documents.Add(1, new KeyValuePair<string, object?>("ainative.ingest.status", DocumentStates.Failed));
        LogRejected(logger, id);
        return (await GetStatusAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<int> ReembedStaleChunksAsync(int maxChunks, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunks, 1);
        var model = EmbeddingModelId();
        var stale = await store.ListStaleChunksAsync(model, maxChunks, cancellationToken).ConfigureAwait(false);
        if (stale.Count == 0)
        {
            return 0;
        }

        var done = 0;
        foreach (var batch in stale.Chunk(options.Value.BatchSize))
        {
            var inputs = batch.Select(c => EmbeddingInput(new StagedChunk(c.Index, c.Text, c.Metadata.Section, Duplicate: false), c.Metadata.Title));
            var vectors = await embeddings.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (vectors.Count != batch.Length)
            {
                throw new InvalidOperationException($"The embedding generator returned {vectors.Count} vectors for {batch.Length} inputs.");
            }

            // Only the vector and its lineage change: text, timestamp, quality and TTL stay as ingested.
            await store.UpsertChunksAsync(
                [.. batch.Select((c, i) => c with { Embedding = vectors[i].Vector.ToArray(), Metadata = c.Metadata with { EmbeddingModel = model } })],
                cancellationToken).ConfigureAwait(false);
            done += batch.Length;
        }

        LogReembedded(logger, done, model);
        return done;
    }

    public async Task<IReadOnlyList<string>> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        var documents = await store.DeleteExpiredAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        var expired = new List<string>();
        foreach (var documentId in documents)
        {
            // A document re-ingested without a TTL in the meantime keeps its newer chunks: only an empty one is expired.
            var left = await store.CountChunksAsync(documentId, cancellationToken).ConfigureAwait(false);
            if (left > 0)
            {
                continue;
            }

            await table.UpsertEntityAsync(new TableEntity(PartitionKey, documentId)
            {
                ["Status"] = DocumentStates.Expired,
                ["Chunks"] = 0,
                // Forget the indexed hash so sending the same content again indexes it again instead of "unchanged".
                ["ContentHash"] = "",
                ["UpdatedAt"] = time.GetUtcNow(),
            }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            expired.Add(documentId);
            IngestionTelemetry.Documents.Add(1, new KeyValuePair<string, object?>("ainative.ingest.status", DocumentStates.Expired));
        }

        if (documents.Count > 0)
        {
            LogSwept(logger, documents.Count, expired.Count);
        }

        return expired;
    }

    public async Task<DocumentStatus?> GetStatusAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        var id = DocumentIds.Normalize(documentId);
        if (id.Length == 0)
        {
            return null;
        }

        var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
        var row = await GetRowAsync(table, id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToStatus(row);
    }

    private static TimeSpan? ParseTtl(string? ttl)
    {
        if (string.IsNullOrWhiteSpace(ttl))
        {
            return null;
        }

        TimeSpan value;
        try
        {
            value = ttl.TrimStart().StartsWith('P') ? System.Xml.XmlConvert.ToTimeSpan(ttl.Trim()) : TimeSpan.Parse(ttl, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new IngestValidationException(nameof(IngestMessage.Ttl), $"Ttl '{ttl}' is not a duration; use ISO 8601 (P7D, PT12H) or d.hh:mm:ss.");
        }

        return value > TimeSpan.Zero ? value : throw new IngestValidationException(nameof(IngestMessage.Ttl), "Ttl must be positive.");
    }

    private static string StagedName(string stagedBlob)
    {
        var name = stagedBlob.Trim();
        return name.StartsWith(StagingContainer + "/", StringComparison.Ordinal) ? name[(StagingContainer.Length + 1)..] : name;
    }

    private static async Task<string> ReadStagedAsync(BlobContainerClient staging, string name, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = staging.GetBlobClient(name);
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (properties.Value.ContentLength > maxBytes)
            {
                throw new IngestValidationException(nameof(IngestMessage.StagedBlob),
                    string.Create(CultureInfo.InvariantCulture, $"The staged content is {properties.Value.ContentLength} bytes; the limit is {maxBytes} bytes (Ingestion:MaxDocumentBytes)."));
            }

            return (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new IngestValidationException(nameof(IngestMessage.StagedBlob), $"StagedBlob '{name}' does not exist in container '{StagingContainer}'.");
        }
    }

    private static async Task StageAsync(BlobClient blob, string content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.FromString(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType + "; charset=utf-8" },
                // The name is the content hash: an existing blob already holds exactly this content.
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    private async Task<RedactedDocument> ExistingRedactionAsync(DocumentRef document, BlobClient redactedBlob, CancellationToken cancellationToken)
    {
        if (!(await redactedBlob.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            // A finished version that redacted to the indexed text kept no copy of its own: the indexed copy is the same text.
            var table = await storage.TableAsync(StatusTable, cancellationToken).ConfigureAwait(false);
            var row = await GetRowAsync(table, document.DocumentId, cancellationToken).ConfigureAwait(false);
            if (row is not null && row.GetString("InstanceId") == document.InstanceId
                && row.GetString("Status") is DocumentStates.Indexed or DocumentStates.Unchanged
                && row.GetString("RedactedBlob") is { Length: > 0 } indexed)
            {
                var documents = await storage.ContainerAsync(DocumentsContainer, cancellationToken).ConfigureAwait(false);
                redactedBlob = documents.GetBlobClient(BlobName(indexed));
            }
        }

        try
        {
            var download = (await redactedBlob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            var text = download.Content.ToString();
            var metadata = download.Details.Metadata;
            return new RedactedDocument(
                document.DocumentId,
                $"{DocumentsContainer}/{redactedBlob.Name}",
                DocumentIds.Sha256Hex(text),
                text.Length,
                metadata.TryGetValue("piifindings", out var findings) ? int.Parse(findings, CultureInfo.InvariantCulture) : 0,
                metadata.TryGetValue("policy", out var policy) ? policy : redactor.PolicyVersion);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new IngestContentMissingException(
                $"The staged content of document '{document.DocumentId}' is gone and no redacted copy exists; send the document again.", e);
        }
    }

    private async Task<string> ReadRedactedAsync(RedactedDocument redacted, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(DocumentsContainer, cancellationToken).ConfigureAwait(false);
        return (await container.GetBlobClient(BlobName(redacted.RedactedBlob)).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
    }

    private async Task DeleteStagedAsync(DocumentRef document, CancellationToken cancellationToken)
    {
        var staging = await storage.ContainerAsync(StagingContainer, cancellationToken).ConfigureAwait(false);
        await staging.GetBlobClient(document.StagedBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteBlobsAsync(string containerName, string prefix, string? keep, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(containerName, cancellationToken).ConfigureAwait(false);
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            if (item.Name != keep)
            {
                await container.GetBlobClient(item.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The status row when <paramref name="document"/> is the latest accepted version (or no row exists yet), else null.</summary>
    private static async Task<TableEntity?> CurrentRowAsync(TableClient table, DocumentRef document, CancellationToken cancellationToken)
    {
        var row = await GetRowAsync(table, document.DocumentId, cancellationToken).ConfigureAwait(false);
        return row is null ? new TableEntity(PartitionKey, document.DocumentId)
            : row.GetString("InstanceId") is not { Length: > 0 } instance || instance == document.InstanceId ? row
            : null;
    }

    private static async Task<TableEntity?> GetRowAsync(TableClient table, string documentId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, documentId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private TableEntity NewRow(string documentId, string status, DocumentRef document) => new(PartitionKey, documentId)
    {
        ["Status"] = status,
        ["InstanceId"] = document.InstanceId,
        ["Source"] = document.Source,
        ["Title"] = document.Title ?? "",
        ["Tenant"] = document.Tenant ?? "",
        ["UpdatedAt"] = time.GetUtcNow(),
    };

    private static DocumentStatus ToStatus(TableEntity row) => new(
        row.RowKey,
        row.GetString("Status") ?? DocumentStates.Queued,
        Empty(row.GetString("InstanceId")),
        Empty(row.GetString("Source")),
        Empty(row.GetString("Title")),
        Empty(row.GetString("ContentHash")),
        row.GetInt32("Chunks"),
        Empty(row.GetString("Error")),
        row.GetDateTimeOffset("UpdatedAt") ?? row.Timestamp ?? DateTimeOffset.MinValue);

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private string Lineage(string redactionPolicy) => $"{redactionPolicy}|{chunker.Id}|{EmbeddingModelId()}";

    // A document's own chunking policy is part of it: a new policy re-indexes the same text (no policy keeps older fingerprints).
    private static string MetadataFingerprint(DocumentRef document) =>
        DocumentIds.Sha256Hex(document.Chunking is null
            ? JsonSerializer.Serialize(new { document.Source, document.Title, document.Tenant, document.Tags }, Json)
            : JsonSerializer.Serialize(new { document.Source, document.Title, document.Tenant, document.Tags, document.Chunking }, Json))[..32];

    private string EmbeddingModelId()
    {
        var metadata = embeddings.GetService<EmbeddingGeneratorMetadata>();
        return metadata?.DefaultModelId ?? metadata?.ProviderName ?? embeddings.GetType().Name;
    }

    private static string EmbeddingInput(StagedChunk chunk, string? title) => EmbeddingText(chunk.Text, chunk.Section, title);

    /// <summary>The text embedded for a chunk: its section heading (or the document title) before continuation chunks.</summary>
    public static string EmbeddingText(string text, string? section, string? title)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Continuation chunks lose their heading; giving it back to the embedding keeps them findable by topic.
        var context = section ?? title;
        return context is null || text.StartsWith('#') ? text : context + "\n\n" + text;
    }

    private static string NormalizeForDedupe(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static string VersionHash(DocumentRef document) =>
        document.InstanceId.StartsWith("ingest-", StringComparison.Ordinal) ? document.InstanceId["ingest-".Length..] : DocumentIds.Sha256Hex(document.InstanceId)[..32];

    private static string RedactedName(DocumentRef document) => $"{document.DocumentId}/{VersionHash(document)}.txt";

    private static string BatchName(DocumentRef document, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{document.DocumentId}/{VersionHash(document)}/{batch}.json");

    private static string BlobName(string containerQualified) => containerQualified[(containerQualified.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private sealed record StagedChunk(int Index, string Text, string? Section, bool Duplicate);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Accepted document {DocumentId} as {InstanceId} ({Bytes} bytes)")]
    private static partial void LogAccepted(ILogger logger, string documentId, string instanceId, int bytes);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Document {DocumentId} version {InstanceId} is already ingested; nothing staged")]
    private static partial void LogAlreadyDone(ILogger logger, string documentId, string instanceId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Redacted document {DocumentId}: {Findings} findings ({Policy})")]
    private static partial void LogRedacted(ILogger logger, string documentId, int findings, string policy);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Chunked document {DocumentId}: {Chunks} chunks in {Batches} batches ({Chunker})")]
    private static partial void LogChunked(ILogger logger, string documentId, int chunks, int batches, string chunker);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "Stored batch {Batch} of document {DocumentId}: {Stored} chunks, {Duplicates} duplicates dropped")]
    private static partial void LogStored(ILogger logger, string documentId, int batch, int stored, int duplicates);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Indexed document {DocumentId}: {Chunks} chunks, {Trimmed} stale chunks removed")]
    private static partial void LogCompleted(ILogger logger, string documentId, int chunks, int trimmed);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Document {DocumentId} is unchanged")]
    private static partial void LogUnchanged(ILogger logger, string documentId);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Ingestion {InstanceId} of document {DocumentId} is superseded by a newer version; nothing stored")]
    private static partial void LogSuperseded(ILogger logger, string documentId, string instanceId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Ingestion of document {DocumentId} ({InstanceId}) failed")]
    private static partial void LogFailed(ILogger logger, string documentId, string instanceId);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning, Message = "A message for document {DocumentId} was given up on and moved to the poison queue")]
    private static partial void LogRejected(ILogger logger, string documentId);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "TTL sweep: {Documents} documents lost expired chunks, {Expired} are now expired")]
    private static partial void LogSwept(ILogger logger, int documents, int expired);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Re-embedded {Chunks} chunks with {EmbeddingModel}")]
    private static partial void LogReembedded(ILogger logger, int chunks, string embeddingModel);
}
