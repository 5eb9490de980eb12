using AiNative.Activities.Ingestion;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Ingestion;

/// <summary>
/// What an ingestion ended with: <c>indexed</c>, <c>unchanged</c> or <c>superseded</c> (a newer version was accepted meanwhile),
/// the document's stored chunk count and the redacted content hash.
/// </summary>
public sealed record IngestOutcome(string DocumentId, string Status, int Chunks, string ContentHash);

/// <summary>The orchestration's custom status: the current step and, while embedding, batch progress.</summary>
public sealed record IngestProgress(string Step, int BatchesDone = 0, int Batches = 0);

/// <summary>
/// The seed's ETL flow for one document version: redact PII → dedupe → chunk → embed, score and store (fan-out over
/// batches in <see cref="EmbedDocumentBatches"/>) → complete. History holds references and counts only, and its size does
/// not depend on the document's size.
/// </summary>
public static class IngestDocument
{
    /// <summary>Embedding activities in flight at once: bounds load on the embedding model and the store.</summary>
    public const int MaxConcurrentBatches = EmbedDocumentBatches.MaxConcurrentBatches;

    // Transient storage or embedding-endpoint errors are retried; content that is gone stays gone.
    internal static readonly TaskOptions Retry = new(new TaskRetryOptions(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => !failure.IsCausedBy<IngestContentMissingException>(),
    }));

    [Function(nameof(IngestDocument))]
    public static Task<IngestOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, DocumentRef input) =>
        OrchestratorFailures.Redacted(() => RunCore(context, input));

    private static async Task<IngestOutcome> RunCore(TaskOrchestrationContext context, DocumentRef input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            context.SetCustomStatus(new IngestProgress("redacting"));
            var redacted = await context.CallActivityAsync<RedactedDocument>(nameof(RedactDocument), input, Retry);

            context.SetCustomStatus(new IngestProgress("deduplicating"));
            var dedupe = await context.CallActivityAsync<DedupeResult>(nameof(CheckDuplicate), redacted, Retry);
            if (dedupe.Unchanged)
            {
                var unchanged = await context.CallActivityAsync<DocumentStatus>(nameof(MarkIngestionUnchanged), new MarkIngestionUnchangedRequest(input, redacted), Retry);
                context.SetCustomStatus(new IngestProgress(DocumentStates.Unchanged));
                return new IngestOutcome(input.DocumentId, DocumentStates.Unchanged, unchanged.Chunks ?? 0, redacted.ContentHash);
            }

            context.SetCustomStatus(new IngestProgress("chunking"));
            var manifest = await context.CallActivityAsync<ChunkManifest>(nameof(ChunkDocument), new ChunkDocumentRequest(input, redacted), Retry);

            await EmbedBatchesAsync(context, input, redacted, manifest);

            context.SetCustomStatus(new IngestProgress("completing", manifest.BatchCount, manifest.BatchCount));
            var status = await context.CallActivityAsync<DocumentStatus>(nameof(CompleteIngestion), new CompleteIngestionRequest(input, redacted, manifest), Retry);
            context.SetCustomStatus(new IngestProgress(status.Status, manifest.BatchCount, manifest.BatchCount));
            return new IngestOutcome(input.DocumentId, status.Status, status.Chunks ?? 0, redacted.ContentHash);
        }
        catch (TaskFailedException e)
        {
            // Activity exception messages only: content never reaches history or the status table.
            var error = $"{e.TaskName}: {e.FailureDetails.ErrorMessage}";
            context.SetCustomStatus(new IngestProgress(DocumentStates.Failed));
            await context.CallActivityAsync<DocumentStatus>(nameof(MarkIngestionFailed), new MarkIngestionFailedRequest(input, error), Retry);
            throw;
        }
    }

    private static async Task EmbedBatchesAsync(TaskOrchestrationContext context, DocumentRef input, RedactedDocument redacted, ChunkManifest manifest)
    {
        context.SetCustomStatus(new IngestProgress("embedding", 0, manifest.BatchCount));
        // One sub-orchestration call whatever the chunk count: it works through the batches in bounded executions (ContinueAsNew),
        // so neither this history nor any one execution's history grows with the document.
        await context.CallSubOrchestratorAsync<int>(
            nameof(EmbedDocumentBatches),
            new EmbedBatchesInput(input, redacted, manifest, 0, 0),
            new SubOrchestrationOptions(Retry) { InstanceId = context.InstanceId + ":embed" });
    }
}
