using System.Globalization;
using AiNative.Api.Documents;
using AiNative.Platform.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AiNative.Functions.Queues;

/// <summary>
/// The <c>ingest</c> queue: each message starts <c>IngestDocument</c> (once per content hash). On its last try
/// (<see cref="DocumentIntake.MaxDequeueCount"/>, as host.json's <c>maxDequeueCount</c>) a failing message moves to
/// <c>ingest-poison</c> with its error and the document's status records why.
/// </summary>
public sealed class IngestQueueFunction(DocumentIntake intake)
{
    [Function("IngestQueue")]
    public Task Run(
        [QueueTrigger(DocumentIntake.QueueName, Connection = StorageAccount.ConnectionSetting)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dequeueCount = context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value)
            && long.TryParse(value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1;
        return intake.HandleQueueMessageAsync(message, dequeueCount, client, cancellationToken);
    }
}
