namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>A tenant's rate limit or token budget refused the call (HTTP 429 with <see cref="RetryAfter"/>).</summary>
public sealed class QuotaExceededException : Exception
{
    public QuotaExceededException() { }

    public QuotaExceededException(string message) : base(message) { }

    public QuotaExceededException(string message, Exception inner) : base(message, inner) { }

    public QuotaExceededException(string message, string quota, TimeSpan retryAfter) : base(message)
    {
        Quota = quota;
        RetryAfter = retryAfter;
    }

    /// <summary><c>requests</c>, <c>tokens</c> or <c>budget</c>.</summary>
    public string Quota { get; } = "";

    public TimeSpan RetryAfter { get; }
}
