using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<string, bool> created = new(StringComparer.Ordinal);

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
        await EnsureCreatedAsync("table:" + name, ct => table.CreateIfNotExistsAsync(ct), cancellationToken).ConfigureAwait(false);
        return table;
    }

    /// <summary>A blob container, created on first use.</summary>
    public async Task<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken = default)
    {
        var container = Blobs.GetBlobContainerClient(name);
        await EnsureCreatedAsync("container:" + name, ct => container.CreateIfNotExistsAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return container;
    }

    /// <summary>A queue, created on first use.</summary>
    public async Task<QueueClient> QueueAsync(string name, CancellationToken cancellationToken = default)
    {
        var queue = Queues.GetQueueClient(name);
        await EnsureCreatedAsync("queue:" + name, ct => queue.CreateIfNotExistsAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return queue;
    }

    // Every ingestion step, API read and poll asked the service to create its table or container again: one extra round trip
    // each (for an existing table, a 409 the SDK throws and catches). Once created, this account remembers it. The platform
    // never deletes its tables, containers or queues; a failed creation is not remembered, so the next call tries again.
    private async Task EnsureCreatedAsync<T>(string key, Func<CancellationToken, Task<T>> create, CancellationToken cancellationToken)
    {
        if (created.ContainsKey(key))
        {
            return;
        }

        await create(cancellationToken).ConfigureAwait(false);
        created.TryAdd(key, true);
    }
}
