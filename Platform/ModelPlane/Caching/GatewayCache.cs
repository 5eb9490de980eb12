using System.Collections.Concurrent;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Caching;

/// <summary>
/// Two-level exact-match cache of the gateway: L1 in memory (bounded), L2 in the Azure Table <c>gatewaycache</c>
/// (shared by instances, Azurite locally). L2 failures are logged and never fail a model call.
/// </summary>
public sealed partial class GatewayCache(IOptions<GatewayOptions> options, TimeProvider time, GatewayMetrics metrics, ILogger<GatewayCache> logger, StorageAccount? storage = null)
{
    public const string TableName = "gatewaycache";

    // Azure Table binary properties hold at most 64 KiB; larger values stay in L1 only.
    private const int MaxPersistentBytes = 60 * 1024;

    private readonly ConcurrentDictionary<string, (byte[] Value, DateTimeOffset Expires)> memory = new(StringComparer.Ordinal);
    private TableClient? table;

    public async Task<byte[]?> GetAsync(string cache, string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = cache + "/" + key;
        if (memory.TryGetValue(id, out var entry))
        {
            if (entry.Expires > now)
            {
                metrics.RecordCache(cache, "l1", hit: true);
                return entry.Value;
            }

            memory.TryRemove(id, out _);
        }

        metrics.RecordCache(cache, "l1", hit: false);
        if (await TableAsync(cancellationToken).ConfigureAwait(false) is not { } client)
        {
            return null;
        }

        try
        {
            var found = await client.GetEntityIfExistsAsync<TableEntity>(cache, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (found.HasValue && found.Value!.GetDateTimeOffset("ExpiresAt") is { } expires && expires > now && found.Value.GetBinary("Value") is { } value)
            {
                metrics.RecordCache(cache, "l2", hit: true);
                Remember(id, value, expires);
                return value;
            }
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            Log.L2Failed(logger, "read", (e as RequestFailedException)?.Status ?? 0);
        }

        metrics.RecordCache(cache, "l2", hit: false);
        return null;
    }

    public async Task SetAsync(string cache, string key, byte[] value, CancellationToken cancellationToken)
    {
        var expires = time.GetUtcNow() + options.Value.CacheTtl;
        Remember(cache + "/" + key, value, expires);
        if (value.Length > MaxPersistentBytes || await TableAsync(cancellationToken).ConfigureAwait(false) is not { } client)
        {
            return;
        }

        try
        {
            await client.UpsertEntityAsync(new TableEntity(cache, key) { ["Value"] = value, ["ExpiresAt"] = expires }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            Log.L2Failed(logger, "write", (e as RequestFailedException)?.Status ?? 0);
        }
    }

    private void Remember(string id, byte[] value, DateTimeOffset expires)
    {
        memory[id] = (value, expires);
        if (memory.Count > options.Value.CacheMemoryEntries)
        {
            // Evict the entries closest to expiry (the oldest, since every entry gets the same TTL).
            foreach (var old in memory.OrderBy(e => e.Value.Expires).Take(memory.Count - options.Value.CacheMemoryEntries).ToList())
            {
                memory.TryRemove(old.Key, out _);
            }
        }
    }

    private async Task<TableClient?> TableAsync(CancellationToken cancellationToken)
    {
        if (storage is null || !options.Value.CachePersistent)
        {
            return null;
        }

        if (table is null)
        {
            try
            {
                table = await storage.TableAsync(TableName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
            {
                Log.L2Failed(logger, "open", (e as RequestFailedException)?.Status ?? 0);
                return null;
            }
        }

        return table;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Gateway cache L2 {Operation} failed (status {Status}); continuing without it")]
        public static partial void L2Failed(ILogger logger, string operation, int status);
    }
}
