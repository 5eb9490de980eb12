using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Ingestion;

/// <summary>A failed ingestion; <see cref="Error"/> is an exception message, never document content.</summary>
public sealed record MarkIngestionFailedRequest(DocumentRef Document, string Error);

/// <summary>Records the failure and deletes the raw staged content.</summary>
public sealed class MarkIngestionFailed(IDocumentIngestion ingestion)
{
    [Function(nameof(MarkIngestionFailed))]
    public Task<DocumentStatus> Run([ActivityTrigger] MarkIngestionFailedRequest input) => ingestion.FailAsync(input.Document, input.Error);
}
