using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// The tools' <c>rate_limit</c>s, one fixed window per tool and caller principal ("5 per minute" = 5 calls in each
/// minute window). In-process: with several instances each enforces the limit on its own.
/// </summary>
public sealed class ToolRateLimits : IDisposable
{
    private readonly ConcurrentDictionary<(string Tool, string Principal), FixedWindowRateLimiter> limiters = new();

    /// <summary>Takes one permit; false with the time until the window reopens when the limit is reached.</summary>
    public bool TryAcquire(ToolDefinition tool, string principal, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var limiter = limiters.GetOrAdd((tool.Name, principal), _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = tool.RateLimit.Permits,
            Window = tool.RateLimit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = limiter.AttemptAcquire(1);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
