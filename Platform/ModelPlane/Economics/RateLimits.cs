using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>Requests and tokens per minute, per key (a tenant or a model), as fixed one-minute windows.</summary>
public sealed class RateLimits : IDisposable
{
    private readonly ConcurrentDictionary<(string Key, string Kind), RateLimiter> limiters = new();

    /// <summary>Takes <paramref name="permits"/> from the key's window; returns the wait when refused.</summary>
    public TimeSpan? TryAcquire(string key, string kind, int limitPerMinute, int permits)
    {
        if (limitPerMinute <= 0)
        {
            return null;
        }

        var limiter = limiters.GetOrAdd((key, kind), _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = limitPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = limiter.AttemptAcquire(Math.Min(Math.Max(permits, 1), limitPerMinute));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
