using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Functions.Queues;

/// <summary>
/// The TTL sweep, every minute: deletes chunks whose TTL ended and marks their documents expired. One sweep per store
/// instead of a durable timer per document: no instance per document waiting for days, and searches already leave expired
/// chunks out, so expiry is exact whatever the sweep's schedule.
/// </summary>
public sealed class ExpireKnowledgeFunction(IDocumentIngestion ingestion)
{
    [Function("ExpireKnowledge")]
    public Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        ingestion.SweepExpiredAsync(cancellationToken);
}
