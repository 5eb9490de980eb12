using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Ingestion;

/// <summary>A document whose redacted content is already indexed.</summary>
public sealed record MarkIngestionUnchangedRequest(DocumentRef Document, RedactedDocument Redacted);

/// <summary>Records that the document is unchanged and drops this run's intermediate blobs.</summary>
public sealed class MarkIngestionUnchanged(IDocumentIngestion ingestion)
{
    [Function(nameof(MarkIngestionUnchanged))]
    public Task<DocumentStatus> Run([ActivityTrigger] MarkIngestionUnchangedRequest input) =>
        ingestion.MarkUnchangedAsync(input.Document, input.Redacted);
}
