namespace AiNative.Platform.ModelPlane.Resilience;

/// <summary>Retries, timeouts and circuit breakers of the gateway (configuration section <c>Gateway:Resilience</c>).</summary>
public sealed class ResilienceOptions
{
    public const string Section = "Gateway:Resilience";

    /// <summary>Retries of one model before falling back (429, 5xx, timeouts).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff; doubles per retry (a <c>Retry-After</c> from the server wins).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A <c>Retry-After</c> longer than this is not waited for: the call falls back at once.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one attempt before latency is observed; afterwards <see cref="TimeoutP95Multiplier"/> times the p95, plus <see cref="TimeoutPerThousandInputTokens"/>.</summary>
    public TimeSpan MinimumTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public double TimeoutP95Multiplier { get; set; } = 4;

    public TimeSpan TimeoutPerThousandInputTokens { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The breaker opens when more than this share of calls failed within <see cref="BreakerWindow"/>.</summary>
    public double BreakerFailureRatio { get; set; } = 0.10;

    public TimeSpan BreakerWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls needed in the window before the ratio is trusted.</summary>
    public int BreakerMinimumCalls { get; set; } = 10;

    /// <summary>How long an open breaker sends traffic to fallbacks before one trial call is let through.</summary>
    public TimeSpan BreakerCooldown { get; set; } = TimeSpan.FromMinutes(15);
}
