using AiNative.Activities.Ingestion;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Ingestion;

/// <summary>Where <see cref="EmbedDocumentBatches"/> stands: the next batch to start and the chunks stored so far.</summary>
public sealed record EmbedBatchesInput(DocumentRef Document, RedactedDocument Redacted, ChunkManifest Manifest, int NextBatch, int Stored);

/// <summary>
/// Embeds and stores a document's chunk batches (blob references only), <see cref="MaxConcurrentBatches"/> at a time, at most
/// <see cref="BatchesPerExecution"/> per execution, then continues as new: every execution's history is bounded, so a
/// 10,000-chunk document replays no more history per step than a 100-chunk one. Returns the chunks stored.
/// </summary>
public static class EmbedDocumentBatches
{
    /// <summary>Embedding activities in flight at once: bounds load on the embedding model and the store.</summary>
    public const int MaxConcurrentBatches = 8;

    /// <summary>Batches per execution before ContinueAsNew (history of one execution: about 2 events per batch).</summary>
    public const int BatchesPerExecution = 32;

    [Function(nameof(EmbedDocumentBatches))]
    public static Task<int> Run([OrchestrationTrigger] TaskOrchestrationContext context, EmbedBatchesInput input) =>
        OrchestratorFailures.Redacted(() => RunCore(context, input));

    private static async Task<int> RunCore(TaskOrchestrationContext context, EmbedBatchesInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var manifest = input.Manifest;
        var end = Math.Min(manifest.BatchCount, input.NextBatch + BatchesPerExecution);
        var stored = input.Stored;
        var inFlight = new List<Task<int>>();
        for (var batch = input.NextBatch; batch < end; batch++)
        {
            if (inFlight.Count == MaxConcurrentBatches)
            {
                var finished = await Task.WhenAny(inFlight);
                inFlight.Remove(finished);
                stored += await finished;
            }

            inFlight.Add(context.CallActivityAsync<int>(nameof(EmbedAndStoreChunks), new ChunkBatch(input.Document, input.Redacted, manifest, batch), IngestDocument.Retry));
        }

        foreach (var count in await Task.WhenAll(inFlight))
        {
            stored += count;
        }

        context.SetCustomStatus(new IngestProgress("embedding", end, manifest.BatchCount));
        if (end < manifest.BatchCount)
        {
            context.ContinueAsNew(input with { NextBatch = end, Stored = stored });
            return stored;
        }

        return stored;
    }
}
