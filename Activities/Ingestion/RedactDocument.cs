using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Ingestion;

/// <summary>Redacts PII from a staged document, stores the redacted text and deletes the raw staged content.</summary>
public sealed class RedactDocument(IDocumentIngestion ingestion)
{
    [Function(nameof(RedactDocument))]
    public Task<RedactedDocument> Run([ActivityTrigger] DocumentRef input) => ingestion.RedactAsync(input);
}
