using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Ingestion;

/// <summary>Decides whether the redacted content is already indexed with the current pipeline.</summary>
public sealed class CheckDuplicate(IDocumentIngestion ingestion)
{
    [Function(nameof(CheckDuplicate))]
    public Task<DedupeResult> Run([ActivityTrigger] RedactedDocument input) => ingestion.CheckDuplicateAsync(input);
}
