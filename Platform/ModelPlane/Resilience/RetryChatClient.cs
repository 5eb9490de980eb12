using System.Runtime.CompilerServices;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Resilience;

/// <summary>
/// Pipeline stage: one model's attempts. Each attempt gets an adaptive timeout (observed p95 and input size); 429, 5xx
/// and timeouts are retried with exponential backoff, or after the server's <c>Retry-After</c> when it sends one.
/// A <c>Retry-After</c> beyond <see cref="ResilienceOptions.MaxRetryAfter"/> is not waited for: the gateway falls back.
/// </summary>
public sealed class RetryChatClient(IChatClient inner, string model, ResilienceOptions resilience, LatencyTracker latency, TimeProvider time) : DelegatingChatClient(inner)
{
    /// <summary>Input tokens of the call, set by the routing stage so timeouts grow with input size.</summary>
    public const string InputTokensProperty = "ainative.input_tokens";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = AttemptTimeout(options, cancellationToken, out var link);
            using var callerLink = link;
            try
            {
                var started = time.GetTimestamp();
                var response = await base.GetResponseAsync(messages, options, timeout.Token).ConfigureAwait(false);
                latency.Record(model, time.GetElapsedTime(started));
                return response;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && Retryable(e, timeout, attempt, out var delay, out var translated))
            {
                if (delay is null)
                {
                    throw translated ?? throw new InvalidOperationException("unreachable", e);
                }

                await Task.Delay(delay.Value, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Retry only before the first update: once text reached the caller, a retry would duplicate it.
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = AttemptTimeout(options, cancellationToken, out var link);
            using var callerLink = link;
            var started = time.GetTimestamp();
            var enumerator = base.GetStreamingResponseAsync(messages, options, timeout.Token).GetAsyncEnumerator(timeout.Token);
            bool first;
            TimeSpan? wait = null;
            try
            {
                first = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && Retryable(e, timeout, attempt, out var delay, out var translated))
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                if (delay is null)
                {
                    throw translated ?? throw new InvalidOperationException("unreachable", e);
                }

                first = false;
                wait = delay;
            }

            if (wait is { } pause)
            {
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await using (enumerator.ConfigureAwait(false))
            {
                if (first)
                {
                    // Timeout covers the whole stream: a stalled stream ends as a timeout, not a hang.
                    yield return enumerator.Current;
                    while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield return enumerator.Current;
                    }
                }

                latency.Record(model, time.GetElapsedTime(started));
                yield break;
            }
        }
    }

    // One timer source per attempt, and the caller's token registered on it only when it can be canceled: a linked source
    // per attempt (the earlier shape) allocated twice and registered twice on every call.
    private CancellationTokenSource AttemptTimeout(ChatOptions? chatOptions, CancellationToken cancellationToken, out CancellationTokenRegistration link)
    {
        var timeout = new CancellationTokenSource(Timeout(chatOptions), time);
        link = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout)
            : default;
        return timeout;
    }

    private TimeSpan Timeout(ChatOptions? chatOptions)
    {
        var inputTokens = chatOptions?.AdditionalProperties?.TryGetValue(InputTokensProperty, out var t) == true && t is long n ? n : 0;
        var basis = latency.P95(model) is { } p95 ? p95 * resilience.TimeoutP95Multiplier : resilience.MinimumTimeout;
        return Max(basis, resilience.MinimumTimeout / 10) + (resilience.TimeoutPerThousandInputTokens * (inputTokens / 1000.0));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // delay null with translated set: give up on this model (the caller falls back).
    private bool Retryable(Exception e, CancellationTokenSource timeout, int attempt, out TimeSpan? delay, out Exception? translated)
    {
        delay = null;
        translated = null;
        var (kind, retryAfter) = e is OperationCanceledException && timeout.IsCancellationRequested
            ? (ModelFailureKind.Timeout, null)
            : ModelFailure.Classify(e, time);
        if (kind is not (ModelFailureKind.RateLimited or ModelFailureKind.ServerError or ModelFailureKind.Timeout))
        {
            return false;
        }

        var wait = retryAfter ?? resilience.BaseDelay * Math.Pow(2, attempt);
        if (attempt >= resilience.MaxRetries || wait > resilience.MaxRetryAfter)
        {
            translated = new ModelCallFailedException($"Model '{model}': {Describe(kind)} after {attempt + 1} attempt(s)", kind, retryAfter, e);
            return true;
        }

        delay = wait;
        return true;
    }

    internal static string Describe(ModelFailureKind kind) => kind switch
    {
        ModelFailureKind.RateLimited => "rate limited (429)",
        ModelFailureKind.ServerError => "server error (5xx)",
        ModelFailureKind.Timeout => "timed out",
        ModelFailureKind.ContentFilter => "content filter",
        ModelFailureKind.CircuitOpen => "circuit open",
        ModelFailureKind.Throttled => "over its rpm/tpm limit",
        _ => "failed",
    };
}
