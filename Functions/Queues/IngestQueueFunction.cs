using AiNative.Api.Documents;
using AiNative.Platform.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AiNative.Functions.Queues;

/// <summary>
/// The <c>ingest</c> queue: each message starts <c>IngestDocument</c> (once per content hash). A message that keeps
/// failing moves to <c>ingest-poison</c> after host.json's <c>maxDequeueCount</c>.
/// </summary>
public sealed class IngestQueueFunction(DocumentIntake intake)
{
    [Function("IngestQueue")]
    public Task Run(
        [QueueTrigger(DocumentIntake.QueueName, Connection = StorageAccount.ConnectionSetting)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        intake.StartFromQueueAsync(message, client, cancellationToken);
}
