using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Ingestion;

/// <summary>The document and its redacted text to chunk.</summary>
public sealed record ChunkDocumentRequest(DocumentRef Document, RedactedDocument Redacted);

/// <summary>Chunks the redacted text into blob batches and returns the manifest (counts only).</summary>
public sealed class ChunkDocument(IDocumentIngestion ingestion)
{
    [Function(nameof(ChunkDocument))]
    public Task<ChunkManifest> Run([ActivityTrigger] ChunkDocumentRequest input) => ingestion.ChunkAsync(input.Document, input.Redacted);
}
