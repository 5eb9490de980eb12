using System.ClientModel;
using System.Globalization;
using System.Net;

namespace AiNative.Platform.ModelPlane.Resilience;

/// <summary>Why a model call failed, as far as retries, fallbacks and circuit breakers care.</summary>
public enum ModelFailureKind
{
    /// <summary>Not the model's health (bad request, auth): neither retried nor fallen back from.</summary>
    Fatal,
    RateLimited,
    ServerError,
    Timeout,
    ContentFilter,
    CircuitOpen,

    /// <summary>The gateway's own per-model limit (rpm/tpm) refused the call: fall back, but the model is healthy.</summary>
    Throttled,
}

/// <summary>Classifies provider exceptions (OpenAI and Azure OpenAI SDKs, HTTP, timeouts) and reads <c>Retry-After</c>.</summary>
public static class ModelFailure
{
    public static (ModelFailureKind Kind, TimeSpan? RetryAfter) Classify(Exception exception, TimeProvider? time = null) => exception switch
    {
        ModelCallFailedException f => (f.Kind, f.RetryAfter),
        ClientResultException { Status: 429 } e => (ModelFailureKind.RateLimited, RetryAfter(e, time)),
        ClientResultException { Status: 408 } => (ModelFailureKind.Timeout, null),
        ClientResultException { Status: >= 500 } e => (ModelFailureKind.ServerError, RetryAfter(e, time)),
        ClientResultException { Status: 400 } e when IsContentFilter(e) => (ModelFailureKind.ContentFilter, null),
        ClientResultException { Status: 0 } => (ModelFailureKind.ServerError, null),
        HttpRequestException { StatusCode: null or >= HttpStatusCode.InternalServerError } => (ModelFailureKind.ServerError, null),
        TimeoutException => (ModelFailureKind.Timeout, null),
        _ => (ModelFailureKind.Fatal, null),
    };

    /// <summary>Failures after which the next model of the chain is tried.</summary>
    public static bool FallsBack(ModelFailureKind kind) => kind is not ModelFailureKind.Fatal;

    /// <summary>Failures that count against a model's health in its circuit breaker.</summary>
    public static bool CountsAgainstHealth(ModelFailureKind kind) => kind is ModelFailureKind.RateLimited or ModelFailureKind.ServerError or ModelFailureKind.Timeout;

    private static bool IsContentFilter(ClientResultException e)
    {
        try
        {
            var body = e.GetRawResponse()?.Content?.ToString() ?? "";
            return body.Contains("content_filter", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("content_filter", StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidOperationException)
        {
            return e.Message.Contains("content_filter", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static TimeSpan? RetryAfter(ClientResultException e, TimeProvider? time)
    {
        var headers = e.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (!headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at - (time ?? TimeProvider.System).GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero
            : null;
    }
}

/// <summary>A model call failed in a way the gateway classified (rate limit, breaker, timeout...).</summary>
public class ModelCallFailedException : Exception
{
    public ModelCallFailedException() { }

    public ModelCallFailedException(string message) : base(message) { }

    public ModelCallFailedException(string message, Exception inner) : base(message, inner) { }

    public ModelCallFailedException(string message, ModelFailureKind kind, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public ModelFailureKind Kind { get; }

    public TimeSpan? RetryAfter { get; }
}
