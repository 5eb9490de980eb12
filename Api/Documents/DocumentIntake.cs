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
}
