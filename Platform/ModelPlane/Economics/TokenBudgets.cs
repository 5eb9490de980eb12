using System.Collections.Concurrent;
using AiNative.Platform.ModelPlane.Gateway;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>
/// Tokens used per tenant in the current budget period. In memory as the fast path; with a <see cref="TokenBudgetLedger"/>
/// every charge of a tenant with a budget is also added to the shared ledger (so scaled-out instances share one budget),
/// and the shared total is re-read when it is older than <see cref="GatewayOptions.BudgetSyncInterval"/>.
/// </summary>
public sealed partial class TokenBudgets(IOptions<GatewayOptions> options, TimeProvider time, TokenBudgetLedger? ledger = null, ILogger<TokenBudgets>? logger = null)
{
    private readonly ConcurrentDictionary<string, Usage> usage = new(StringComparer.Ordinal);
    private readonly ILogger logger = logger ?? NullLogger<TokenBudgets>.Instance;

    /// <summary>Whether charges are shared through a ledger across instances.</summary>
    public bool Shared => ledger is not null;

    /// <summary>Throws when the tenant's budget cannot cover <paramref name="estimatedTokens"/> more.</summary>
    public async ValueTask EnsureAvailableAsync(string tenant, long estimatedTokens, CancellationToken cancellationToken = default)
    {
        var budget = options.Value.For(tenant).TokenBudget;
        if (budget <= 0)
        {
            return;
        }

        var (period, ends) = Period();
        var current = Current(tenant, period);
        if (ledger is not null && time.GetUtcNow() - current.SyncedAt > options.Value.BudgetSyncInterval)
        {
            try
            {
                current.Synced(await ledger.ReadAsync(tenant, Key(period), cancellationToken).ConfigureAwait(false), time.GetUtcNow());
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException)
            {
                Log.LedgerFailed(logger, "read", tenant, (e as RequestFailedException)?.Status ?? 0);
            }
        }

        var used = current.Total;
        if (used + estimatedTokens > budget)
        {
            throw new QuotaExceededException(
                $"Tenant '{tenant}' token budget exhausted: {used} of {budget} tokens used this period, the call needs about {estimatedTokens}.",
                "budget",
                ends - time.GetUtcNow());
        }
    }

    /// <summary>Charges the tokens a call used (every attempt and fallback); shared through the ledger when there is one.</summary>
    public async ValueTask ChargeAsync(string tenant, long tokens, CancellationToken cancellationToken = default)
    {
        var (period, _) = Period();
        var current = Current(tenant, period);
        current.AddPending(tokens);
        if (ledger is null || options.Value.For(tenant).TokenBudget <= 0)
        {
            return;
        }

        // Pending tokens of earlier failed writes go along, so a ledger outage delays charges but never loses them.
        var writing = current.StartWrite();
        try
        {
            current.Synced(await ledger.AddAsync(tenant, Key(period), writing, cancellationToken).ConfigureAwait(false), time.GetUtcNow());
            current.EndWrite(writing, written: true);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            current.EndWrite(writing, written: false);
            Log.LedgerFailed(logger, "write", tenant, (e as RequestFailedException)?.Status ?? 0);
        }
    }

    /// <summary>Tokens used this period as this instance knows them (shared total at the last sync plus its own unsynced charges).</summary>
    public long Used(string tenant) => usage.TryGetValue(tenant, out var u) && u.Period == Period().Number ? u.Total : 0;

    private Usage Current(string tenant, long period)
    {
        var current = usage.GetOrAdd(tenant, _ => new Usage(period));
        if (current.Period != period)
        {
            var fresh = new Usage(period);
            current = usage.TryUpdate(tenant, fresh, current) ? fresh : usage[tenant];
        }

        return current;
    }

    private string Key(long period) => TokenBudgetLedger.PeriodKey(options.Value.BudgetPeriod, period);

    private (long Number, DateTimeOffset Ends) Period()
    {
        var length = options.Value.BudgetPeriod.Ticks;
        var number = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / length;
        return (number, DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((number + 1) * length));
    }

    // Shared: the ledger's total at the last sync (it includes this instance's written charges); Pending: charged here, not
    // yet written; Writing: on its way to the ledger. Counted twice for a moment after a write, never zero times.
    private sealed class Usage(long period)
    {
        private long shared;
        private long pending;
        private long writing;

        public long Period { get; } = period;

        public DateTimeOffset SyncedAt { get; private set; } = DateTimeOffset.MinValue;

        public long Total => Interlocked.Read(ref shared) + Interlocked.Read(ref pending) + Interlocked.Read(ref writing);

        public void AddPending(long tokens) => Interlocked.Add(ref pending, tokens);

        public long StartWrite()
        {
            var tokens = Interlocked.Exchange(ref pending, 0);
            Interlocked.Add(ref writing, tokens);
            return tokens;
        }

        public void EndWrite(long tokens, bool written)
        {
            if (!written)
            {
                Interlocked.Add(ref pending, tokens);
            }

            Interlocked.Add(ref writing, -tokens);
        }

        public void Synced(long total, DateTimeOffset at)
        {
            // Totals only grow within a period: an older read finishing late must not roll the view back.
            long seen;
            do
            {
                seen = Interlocked.Read(ref shared);
            }
            while (total > seen && Interlocked.CompareExchange(ref shared, total, seen) != seen);
            SyncedAt = at;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Token budget ledger {Operation} failed for tenant {Tenant} (status {Status}); using this instance's view")]
        public static partial void LedgerFailed(ILogger logger, string operation, string tenant, int status);
    }
}
