using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Resilience;

/// <summary>Embedding pipeline stage: refuses calls while the model's breaker is open and records each call's outcome in it.</summary>
public sealed class CircuitBreakerEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, CircuitBreaker breaker, TimeProvider time)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!breaker.TryAcquire())
        {
            throw new ModelCallFailedException($"Model '{breaker.Model}': circuit open", ModelFailureKind.CircuitOpen, breaker.RetryAfter);
        }

        try
        {
            var generated = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
            breaker.Record(failed: false);
            return generated;
        }
        catch (Exception e)
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

            throw;
        }
    }
}
