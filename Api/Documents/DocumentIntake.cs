using System.Text.Json;
using AiNative.Api.Http;
using AiNative.Orchestrations.Ingestion;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AiNative.Api.Documents;

/// <summary>
/// The one path documents take into the platform: accepted (content staged to blob storage), put on the
/// <c>ingest</c> queue as a reference, and started as <c>IngestDocument</c> with the deterministic id
/// <c>ingest-{hash}</c> by whichever host polls the queue (Functions queue trigger or Standalone poller).
/// </summary>
public sealed class DocumentIntake(IDocumentIngestion ingestion, StorageAccount storage)
{
    public const string QueueName = "ingest";
    public const string PoisonQueueName = "ingest-poison";

    /// <summary>Tries per message before it moves to <see cref="PoisonQueueName"/> (the Functions default, also in host.json).</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>Stages the document and enqueues its reference; returns the reference (no content). A version already indexed is not queued again.</summary>
    public async Task<DocumentRef> AcceptAndEnqueueAsync(IngestMessage message, CancellationToken cancellationToken = default)
    {
        var document = await ingestion.AcceptAsync(message, cancellationToken).ConfigureAwait(false);
        if (document.AlreadyIngested)
        {
            return document;
        }

        var reference = new IngestMessage
        {
            Id = document.DocumentId,
            Source = document.Source,
            Title = document.Title,
            Tenant = document.Tenant,
            Tags = document.Tags,
            ContentType = document.ContentType,
            StagedBlob = document.StagedBlob,
            Ttl = message.Ttl,
        };
        var queue = await storage.QueueAsync(QueueName, cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(JsonSerializer.Serialize(reference, JsonBody.Options), cancellationToken).ConfigureAwait(false);
        return document;
    }

    /// <summary>
    /// Handles one <c>ingest</c> queue message: starts the ingestion unless an instance for the same content
    /// already exists. Throws on a malformed message so the host retries it and finally moves it to the poison queue.
    /// </summary>
    public async Task<string> StartFromQueueAsync(string messageText, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        IngestMessage message;
        try
        {
            message = JsonSerializer.Deserialize<IngestMessage>(messageText, JsonBody.Options)
                ?? throw new IngestValidationException("message", "The queue message is empty.");
        }
        catch (JsonException e)
        {
            throw new IngestValidationException("message", $"The queue message is not valid JSON: {e.Message}");
        }

        var document = await ingestion.AcceptAsync(message, cancellationToken).ConfigureAwait(false);
        if (document.AlreadyIngested)
        {
            return document.InstanceId;
        }

        // A running ingestion of this very content is left alone (a repeated message); a finished one is restarted,
        // because accept found this version not indexed (e.g. only its metadata changed).
        var existing = await client.GetInstanceAsync(document.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.IsCompleted)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(IngestDocument), document, new StartOrchestrationOptions(document.InstanceId), cancellationToken).ConfigureAwait(false);
        }

        return document.InstanceId;
    }

    /// <summary>
    /// Handles one delivery of an <c>ingest</c> message. Failures propagate (the host retries) until the last try, where the
    /// message moves to <c>ingest-poison</c> wrapped with its error, and the document's status (when its id can be read
    /// from the message) becomes <c>failed</c> with that error. Returns the instance id, or null when the message was poisoned.
    /// </summary>
    public async Task<string?> HandleQueueMessageAsync(string messageText, long dequeueCount, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        try
        {
            return await StartFromQueueAsync(messageText, client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && dequeueCount >= MaxDequeueCount)
        {
            await PoisonAsync(messageText, e, dequeueCount, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Moves a message to <c>ingest-poison</c> as <see cref="PoisonedMessage"/> and records the failure on the document.</summary>
    public async Task PoisonAsync(string messageText, Exception error, long dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        ArgumentNullException.ThrowIfNull(error);
        var reason = $"{error.GetType().Name}: {error.Message} (gave up after {dequeueCount} tries; the message is in '{PoisonQueueName}')";
        var documentId = TryReadDocumentId(messageText, out var source);
        if (documentId is not null)
        {
            await ingestion.RecordRejectedAsync(documentId, source, reason, cancellationToken).ConfigureAwait(false);
        }

        var poison = await storage.QueueAsync(PoisonQueueName, cancellationToken).ConfigureAwait(false);
        var envelope = new PoisonedMessage(documentId, reason, dequeueCount, messageText);
        await poison.SendMessageAsync(JsonSerializer.Serialize(envelope, JsonBody.Options), cancellationToken).ConfigureAwait(false);
    }

    private static string? TryReadDocumentId(string messageText, out string? source)
    {
        source = null;
        try
        {
            var message = JsonSerializer.Deserialize<IngestMessage>(messageText, JsonBody.Options);
            source = message?.Source ?? message?.Url;
            var id = !string.IsNullOrWhiteSpace(message?.Id) ? DocumentIds.Normalize(message.Id)
                : !string.IsNullOrWhiteSpace(source) ? DocumentIds.FromSource(source.Trim())
                : "";
            return id.Length > 0 ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What lands on <c>ingest-poison</c>: the original message, untouched, with why it was given up on.</summary>
public sealed record PoisonedMessage(string? DocumentId, string Error, long DequeueCount, string Message);
