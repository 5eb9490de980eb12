using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>Pipeline stage: keeps one model under its deployment's rpm/tpm; a refusal makes the gateway fall back.</summary>
public sealed class ModelRateLimitChatClient(IChatClient inner, ModelDefinition model, RateLimits limits) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Acquire(options);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Acquire(options);
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private void Acquire(ChatOptions? options)
    {
        var tokens = options?.AdditionalProperties?.TryGetValue(RetryChatClient.InputTokensProperty, out var t) == true && t is long n ? n : 0;
        var wait = limits.TryAcquire("model:" + model.Id, "requests", model.RequestsPerMinute, 1)
            ?? limits.TryAcquire("model:" + model.Id, "tokens", model.TokensPerMinute, (int)Math.Min(int.MaxValue, tokens + (options?.MaxOutputTokens ?? 0)));
        if (wait is not null)
        {
            throw new ModelCallFailedException($"Model '{model.Id}': over its rpm/tpm limit", ModelFailureKind.Throttled, wait);
        }
    }
}
