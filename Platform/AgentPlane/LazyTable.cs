using AiNative.Platform.Storage;
using Azure.Data.Tables;

namespace AiNative.Platform.AgentPlane;

/// <summary>A table created on first successful use, so each call does not pay a create-if-not-exists round trip.</summary>
internal sealed class LazyTable(StorageAccount storage, string name)
{
    private Task<TableClient>? created;

    public string Name => name;

    public Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        var current = created;
        if (current is { IsCompletedSuccessfully: true })
        {
            return current;
        }

        // A failed or cancelled creation is not cached: the next call tries again.
        return created = storage.TableAsync(name, cancellationToken);
    }
}
