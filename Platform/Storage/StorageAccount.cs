using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace AiNative.Platform.Storage;

/// <summary>
/// The one Azure Storage account the platform keeps its state in (tables, blobs, queues): the same
/// account as the Durable Task hub, <c>AzureWebJobsStorage</c>; Azurite locally.
/// </summary>
public sealed class StorageAccount
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public StorageAccount(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        Tables = new TableServiceClient(connectionString);
        Blobs = new BlobServiceClient(connectionString);
        Queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    /// <summary>An account reached with an Entra ID identity (shared keys disabled), one endpoint per service.</summary>
    public StorageAccount(Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        Tables = new TableServiceClient(tableServiceUri, credential);
        Blobs = new BlobServiceClient(blobServiceUri, credential);
        Queues = new QueueServiceClient(queueServiceUri, credential, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    /// <summary>The account a <see cref="StorageConnection"/> names: connection string or identity-based.</summary>
    public static StorageAccount Create(StorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.ConnectionString is { } connectionString
            ? new StorageAccount(connectionString)
            : new StorageAccount(connection.BlobServiceUri!, connection.QueueServiceUri!, connection.TableServiceUri!, connection.CreateCredential());
    }

    /// <summary>The connection string, or null for an identity-based account; never logged.</summary>
    public string? ConnectionString { get; }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>Queues with Base64 message bodies, the Functions queue trigger's default encoding.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>A table, created on first use.</summary>
    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken = default)
    {
        var table = Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        return table;
    }

    /// <summary>A blob container, created on first use.</summary>
    public async Task<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken = default)
    {
        var container = Blobs.GetBlobContainerClient(name);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return container;
    }

    /// <summary>A queue, created on first use.</summary>
    public async Task<QueueClient> QueueAsync(string name, CancellationToken cancellationToken = default)
    {
        var queue = Queues.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return queue;
    }
}
