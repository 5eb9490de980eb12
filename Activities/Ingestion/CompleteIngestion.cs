using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Ingestion;

/// <summary>What an ingestion produced, to record as indexed.</summary>
public sealed record CompleteIngestionRequest(DocumentRef Document, RedactedDocument Redacted, ChunkManifest Manifest);

/// <summary>Removes chunks of an older, longer version and records the document as indexed.</summary>
public sealed class CompleteIngestion(IDocumentIngestion ingestion)
{
    [Function(nameof(CompleteIngestion))]
    public Task<DocumentStatus> Run([ActivityTrigger] CompleteIngestionRequest input) =>
        ingestion.CompleteAsync(input.Document, input.Redacted, input.Manifest);
}
