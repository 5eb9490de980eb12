using System.Collections.Concurrent;
using AiNative.Platform.ModelPlane.Gateway;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>Tokens used per tenant in the current budget period (in memory, per instance).</summary>
public sealed class TokenBudgets(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Usage> usage = new(StringComparer.Ordinal);

    /// <summary>Throws when the tenant's budget cannot cover <paramref name="estimatedTokens"/> more.</summary>
    public void EnsureAvailable(string tenant, long estimatedTokens)
    {
        var budget = options.Value.For(tenant).TokenBudget;
        if (budget <= 0)
        {
            return;
        }

        var (period, ends) = Period();
        var used = usage.TryGetValue(tenant, out var u) && u.Period == period ? u.Tokens : 0;
        if (used + estimatedTokens > budget)
        {
            throw new QuotaExceededException(
                $"Tenant '{tenant}' token budget exhausted: {used} of {budget} tokens used this period, the call needs about {estimatedTokens}.",
                "budget",
                ends - time.GetUtcNow());
        }
    }

    public void Charge(string tenant, long tokens)
    {
        var (period, _) = Period();
        usage.AddOrUpdate(tenant, _ => new Usage(period, tokens), (_, u) => u.Period == period ? u with { Tokens = u.Tokens + tokens } : new Usage(period, tokens));
    }

    public long Used(string tenant) => usage.TryGetValue(tenant, out var u) && u.Period == Period().Number ? u.Tokens : 0;

    private (long Number, DateTimeOffset Ends) Period()
    {
        var length = options.Value.BudgetPeriod.Ticks;
        var number = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / length;
        return (number, DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((number + 1) * length));
    }

    private sealed record Usage(long Period, long Tokens);
}
