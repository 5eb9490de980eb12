using System.Collections.Concurrent;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Caching;

/// <summary>
/// Versioned cache key namespaces: one generation number per scope (<see cref="ModelScope"/>, <see cref="PromptScope"/>).
/// Cache keys carry the generations of the prompt and model they depend on, so bumping a generation (an invalidation
/// event) makes every entry of that prompt or model unreachable at once, in L1 and L2, with no scan. Generations live in
/// the <c>gatewaycache</c> table (partition <c>generation</c>, ETag-conditional bumps) so every instance sees them; each
/// instance re-reads them every <see cref="GatewayOptions.CacheGenerationRefresh"/>. Without storage they are per process.
/// </summary>
public sealed partial class CacheGenerations(IOptions<GatewayOptions> options, TimeProvider time, GatewayMetrics metrics, ILogger<CacheGenerations> logger, StorageAccount? storage = null)
{
    private const string Partition = "generation";

    private readonly ConcurrentDictionary<string, long> generations = new(StringComparer.Ordinal);
    private int refreshing;
    private DateTimeOffset refreshedAt = DateTimeOffset.MinValue;
    private TableClient? table;

    /// <summary>Raised for every generation bump seen by this instance (its own or, after a refresh, another instance's).</summary>
    public event Action<CacheInvalidation>? Invalidated;

    public static string ModelScope(string modelId) => "model:" + modelId;

    public static string PromptScope(string promptId) => "prompt:" + promptId;

    /// <summary>The scope's current generation (0 until first invalidated). No I/O.</summary>
    public long Current(string scope) => generations.GetValueOrDefault(scope);

    /// <summary>Invalidates every cached entry of the scope by bumping its generation (shared through L2 when configured).</summary>
    public async Task<long> InvalidateAsync(string scope, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var next = await BumpAsync(scope, fingerprint: null, cancellationToken).ConfigureAwait(false);
        Announce(scope, next, reason);
        return next;
    }

    /// <summary>
    /// Compares each scope's fingerprint (a hash of a prompt file or a registry entry) with the one recorded in L2 and bumps
    /// the generation of those that changed since: a deployment that edits a prompt or a model invalidates their answers.
    /// </summary>
    public async Task SyncFingerprintsAsync(IReadOnlyDictionary<string, string> fingerprints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (await TableAsync(cancellationToken).ConfigureAwait(false) is not { } client)
        {
            return;
        }

        try
        {
            var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                stored[Unescape(row.RowKey)] = row;
                generations[Unescape(row.RowKey)] = row.GetInt64("Generation") ?? 0;
            }

            foreach (var (scope, fingerprint) in fingerprints)
            {
                if (!stored.TryGetValue(scope, out var row))
                {
                    // First sight: record the fingerprint; there is nothing cached under it to invalidate.
                    try
                    {
                        await client.AddEntityAsync(new TableEntity(Partition, Escape(scope)) { ["Generation"] = 0L, ["Fingerprint"] = fingerprint }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException e) when (e.Status == 409)
                    {
                        // Another instance recorded it at the same time.
                    }
                }
                else if (row.GetString("Fingerprint") != fingerprint)
                {
                    Announce(scope, await BumpAsync(scope, fingerprint, cancellationToken).ConfigureAwait(false), "changed since the last start");
                }
            }

            refreshedAt = time.GetUtcNow();
        }
        catch (RequestFailedException e)
        {
            Log.L2Failed(logger, "sync", e.Status);
        }
    }

    /// <summary>Re-reads the shared generations when the last read is older than the refresh interval (cheap otherwise).</summary>
    public async ValueTask RefreshIfStaleAsync(CancellationToken cancellationToken)
    {
        // One refresh at a time; the other calls go on with the generations they know.
        if (storage is null || time.GetUtcNow() - refreshedAt < options.Value.CacheGenerationRefresh || Interlocked.CompareExchange(ref refreshing, 1, 0) != 0)
        {
            return;
        }

        try
        {
            if (await TableAsync(cancellationToken).ConfigureAwait(false) is not { } client)
            {
                return;
            }

            await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["RowKey", "Generation"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var scope = Unescape(row.RowKey);
                var generation = row.GetInt64("Generation") ?? 0;
                if (generation > generations.GetValueOrDefault(scope))
                {
                    generations[scope] = generation;
                    Announce(scope, generation, "invalidated by another instance");
                }
            }

            refreshedAt = time.GetUtcNow();
        }
        catch (RequestFailedException e)
        {
            // Keep the known generations; try again at the next interval.
            refreshedAt = time.GetUtcNow();
            Log.L2Failed(logger, "refresh", e.Status);
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    private async Task<long> BumpAsync(string scope, string? fingerprint, CancellationToken cancellationToken)
    {
        if (await TableAsync(cancellationToken).ConfigureAwait(false) is not { } client)
        {
            return generations.AddOrUpdate(scope, 1, (_, g) => g + 1);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var found = await client.GetEntityIfExistsAsync<TableEntity>(Partition, Escape(scope), cancellationToken: cancellationToken).ConfigureAwait(false);
                var row = found.HasValue ? found.Value! : new TableEntity(Partition, Escape(scope)) { ["Generation"] = 0L };
                var next = (row.GetInt64("Generation") ?? 0) + 1;
                row["Generation"] = next;
                if (fingerprint is not null)
                {
                    row["Fingerprint"] = fingerprint;
                }

                if (found.HasValue)
                {
                    await client.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await client.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }

                generations.AddOrUpdate(scope, next, (_, g) => Math.Max(g, next));
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 20)
            {
                // Another instance bumped the same scope in between: read again.
            }
        }
    }

    private void Announce(string scope, long generation, string reason)
    {
        Log.Invalidated(logger, scope, generation, reason);
        metrics.RecordInvalidation(scope[..scope.IndexOf(':', StringComparison.Ordinal)]);
        Invalidated?.Invoke(new CacheInvalidation(scope, generation, reason));
    }

    private async Task<TableClient?> TableAsync(CancellationToken cancellationToken)
    {
        if (storage is null || !options.Value.CachePersistent)
        {
            return null;
        }

        try
        {
            return table ??= await storage.TableAsync(GatewayCache.TableName, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            Log.L2Failed(logger, "open", e.Status);
            return null;
        }
    }

    // Row keys may not hold / \ # ?; scope names are "kind:id".
    private static string Escape(string scope) => Uri.EscapeDataString(scope);

    private static string Unescape(string rowKey) => Uri.UnescapeDataString(rowKey);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Gateway cache: {Scope} is now generation {Generation} ({Reason}); its cached entries are invalid")]
        public static partial void Invalidated(ILogger logger, string scope, long generation, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Gateway cache generations {Operation} failed (status {Status}); continuing with the known generations")]
        public static partial void L2Failed(ILogger logger, string operation, int status);
    }
}

/// <summary>A cache scope (a prompt or a model) moved to a new generation: its cached entries are no longer served.</summary>
public sealed record CacheInvalidation(string Scope, long Generation, string Reason);
