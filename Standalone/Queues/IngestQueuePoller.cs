using AiNative.Api.Documents;
using AiNative.Platform.Storage;
using Azure;
using Microsoft.DurableTask.Client;

namespace AiNative.Standalone.Queues;

/// <summary>
/// What the Functions queue trigger does for the <c>ingest</c> queue, for the Standalone host: same queue,
/// same Base64 encoding, same handler: after <see cref="DocumentIntake.MaxDequeueCount"/> failed tries the message moves
/// to <c>ingest-poison</c> with its error and the document's status says why, so nothing is lost.
/// </summary>
internal sealed partial class IngestQueuePoller(StorageAccount storage, DocumentIntake intake, DurableTaskClient client, ILogger<IngestQueuePoller> logger) : BackgroundService
{
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = await storage.QueueAsync(DocumentIntake.QueueName, stoppingToken);
        var idle = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = (await queue.ReceiveMessagesAsync(maxMessages: 16, Visibility, stoppingToken)).Value;
                foreach (var message in messages)
                {
                    await HandleAsync(queue, message, stoppingToken);
                }

                idle = messages.Length > 0 ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
            catch (RequestFailedException e)
            {
                LogQueueError(logger, e.Status, e.ErrorCode);
                idle = TimeSpan.FromSeconds(2);
            }

            await Task.Delay(idle, stoppingToken);
        }
    }

    private async Task HandleAsync(Azure.Storage.Queues.QueueClient queue, Azure.Storage.Queues.Models.QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var instanceId = await intake.HandleQueueMessageAsync(message.MessageText, message.DequeueCount, client, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            if (instanceId is null)
            {
                LogPoisoned(logger, message.MessageId, DocumentIntake.PoisonQueueName);
            }
            else
            {
                LogStarted(logger, instanceId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, message.MessageId, message.DequeueCount, e.GetType().Name, e.Message);
            // Retry with a growing delay, as the Functions host does.
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(Math.Pow(2, message.DequeueCount)), cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingestion {InstanceId} started from the ingest queue")]
    private static partial void LogStarted(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest message {MessageId} failed (try {DequeueCount}): {ErrorType}: {Error}")]
    private static partial void LogFailed(ILogger logger, string messageId, long dequeueCount, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingest message {MessageId} moved to {PoisonQueue} after repeated failures")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the ingest queue failed: {Status} {ErrorCode}")]
    private static partial void LogQueueError(ILogger logger, int status, string? errorCode);
}
