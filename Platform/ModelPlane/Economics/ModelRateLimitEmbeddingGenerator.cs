using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>Embedding pipeline stage: keeps one model under its deployment's rpm/tpm; a refusal makes the gateway fall back.</summary>
public sealed class ModelRateLimitEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelDefinition model, RateLimits limits, TokenCounter tokens)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var wait = limits.TryAcquire("model:" + model.Id, "requests", model.RequestsPerMinute, 1)
            ?? (model.TokensPerMinute > 0 ? limits.TryAcquire("model:" + model.Id, "tokens", model.TokensPerMinute, inputs.Sum(tokens.Count)) : null);
        if (wait is not null)
        {
            throw new ModelCallFailedException($"Model '{model.Id}': over its rpm/tpm limit", ModelFailureKind.Throttled, wait);
        }

        return base.GenerateAsync(inputs, options, cancellationToken);
    }
}
