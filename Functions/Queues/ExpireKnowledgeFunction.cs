using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Functions.Queues;

/// <summary>
/// The TTL sweep, every minute: deletes chunks whose TTL ended and marks their documents expired. One sweep per store
/// instead of a durable timer per document: no instance per document waiting for days, and searches already leave expired
/// chunks out, so expiry is exact whatever the sweep's schedule.
/// </summary>
/// The same run re-embeds a bounded number of chunks left by an older embedding model.
public sealed class ExpireKnowledgeFunction(IDocumentIngestion ingestion, IOptions<KnowledgeOptions> options)
{
    [Function("ExpireKnowledge")]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await ingestion.SweepExpiredAsync(cancellationToken);
        await ingestion.ReembedStaleChunksAsync(options.Value.ReembedChunksPerSweep, cancellationToken);
    }
}
