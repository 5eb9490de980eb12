using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Resilience;

/// <summary>Pipeline stage: refuses calls while the model's breaker is open and records each call's outcome in it.</summary>
public sealed class CircuitBreakerChatClient(IChatClient inner, CircuitBreaker breaker, TimeProvider time) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Acquire();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            breaker.Record(failed: false);
            return response;
        }
        catch (Exception e)
        {
            Observe(e, cancellationToken);
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Acquire();
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Observe(e, cancellationToken);
                throw;
            }

            if (!more)
            {
                break;
            }

            yield return updates.Current;
        }

        breaker.Record(failed: false);
    }

    private void Acquire()
    {
        if (!breaker.TryAcquire())
        {
            throw new ModelCallFailedException($"Model '{breaker.Model}': circuit open", ModelFailureKind.CircuitOpen, breaker.RetryAfter);
        }
    }

    private void Observe(Exception e, CancellationToken cancellationToken)
    {
        var (kind, _) = ModelFailure.Classify(e, time);
        if (!cancellationToken.IsCancellationRequested && ModelFailure.CountsAgainstHealth(kind))
        {
            breaker.Record(failed: true);
        }
        else
        {
            breaker.Release();
        }
    }
}
