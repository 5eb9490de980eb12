using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Caching;

/// <summary>
/// Pipeline stage: exact-match response cache. The key hashes the normalized request (messages, model, sampling,
/// response format, routing hints, tenant), the prompt version and its cache generation, and the registry's routing
/// (default and enabled models); an answer also records its model's cache generation and is not served once that
/// model was invalidated (<see cref="CacheGenerations"/>), so a prompt or model change invalidates old answers. Only complete answers are stored: never errors, tool calls, truncated or partial streams.
/// </summary>
public sealed class ResponseCacheChatClient(IChatClient inner, GatewayCache cache, ModelRegistry registry, CacheGenerations generations) : DelegatingChatClient(inner)
{
    public const string CacheName = "response";

    private const string KeyVersion = "v2";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        await generations.RefreshIfStaleAsync(cancellationToken).ConfigureAwait(false);
        var key = Key(list, options);
        if (key is null)
        {
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        if (await LookUpAsync(key, cancellationToken).ConfigureAwait(false) is { } hit)
        {
            return FromCache(hit);
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (response.FinishReason is null || response.FinishReason == ChatFinishReason.Stop)
        {
            var decision = response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision) as RoutingDecision;
            await StoreAsync(key, new CachedAnswer(response.Text, response.ModelId, decision?.Model), cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        await generations.RefreshIfStaleAsync(cancellationToken).ConfigureAwait(false);
        var key = Key(list, options);
        if (key is not null && await LookUpAsync(key, cancellationToken).ConfigureAwait(false) is { } answer)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, answer.Text)
            {
                ModelId = answer.ProviderModel,
                FinishReason = ChatFinishReason.Stop,
                AdditionalProperties = Properties(answer),
            };
            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        // Reached only when the stream ended normally: an error or a caller that stopped early never stores.
        var response = updates.ToChatResponse();
        if (key is not null && response.FinishReason == ChatFinishReason.Stop)
        {
            var decision = updates.Select(u => u.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision)).OfType<RoutingDecision>().FirstOrDefault();
            await StoreAsync(key, new CachedAnswer(response.Text, response.ModelId, decision?.Model), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task StoreAsync(string key, CachedAnswer answer, CancellationToken cancellationToken) =>
        cache.SetAsync(CacheName, key, JsonSerializer.SerializeToUtf8Bytes(answer with { ModelGeneration = answer.Model is null ? 0 : generations.Current(CacheGenerations.ModelScope(answer.Model)) }), cancellationToken);

    // An answer of a model invalidated since it was stored is a miss: the model's generation moved on.
    private async Task<CachedAnswer?> LookUpAsync(string key, CancellationToken cancellationToken) =>
        await cache.GetAsync(CacheName, key, cancellationToken).ConfigureAwait(false) is { } bytes
        && JsonSerializer.Deserialize<CachedAnswer>(bytes) is { } answer
        && (answer.Model is null || answer.ModelGeneration == generations.Current(CacheGenerations.ModelScope(answer.Model)))
            ? answer
            : null;

    private static ChatResponse FromCache(CachedAnswer answer) => new(new ChatMessage(ChatRole.Assistant, answer.Text))
    {
        ModelId = answer.ProviderModel,
        FinishReason = ChatFinishReason.Stop,
        Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 },
        AdditionalProperties = Properties(answer),
    };

    private static AdditionalPropertiesDictionary Properties(CachedAnswer answer) => new()
    {
        [GatewayProperties.Decision] = new RoutingDecision(answer.Model ?? answer.ProviderModel ?? "unknown", "cache hit (exact match)", []),
        [GatewayProperties.Cost] = 0m,
        [GatewayProperties.Cached] = true,
    };

    // Null: not cacheable (tool calls depend on tool results the key cannot see).
    private string? Key(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (options?.Tools is { Count: > 0 } || messages.Any(m => m.Contents.Any(c => c is not TextContent)))
        {
            return null;
        }

        var properties = options?.AdditionalProperties;
        var hints = properties?.GetValueOrDefault(GatewayProperties.Routing) as RoutingHints;
        var promptId = properties?.GetValueOrDefault(ModelGateway.PromptIdProperty) as string;
        var normalized = new
        {
            v = KeyVersion,
            routing = routingKey,
            prompt = properties?.GetValueOrDefault(ModelGateway.PromptVersionProperty) as string,
            promptId,
            promptGeneration = promptId is null ? 0 : generations.Current(CacheGenerations.PromptScope(promptId)),
            tenant = properties?.GetValueOrDefault(ModelGateway.TenantProperty) as string,
            messages = messages.Select(m => new[] { m.Role.Value, m.Text.Trim() }),
            model = options?.ModelId,
            temperature = options?.Temperature,
            topP = options?.TopP,
            maxTokens = options?.MaxOutputTokens,
            stop = options?.StopSequences,
            format = options?.ResponseFormat is ChatResponseFormatJson json ? json.Schema?.GetRawText() ?? "json" : "text",
            hints = hints is null ? null : new { hints.Model, hints.Region, hints.Priority, c = hints.Capabilities, k = hints.Compliance },
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(normalized)));
    }

    // Which models a request may be routed to: enabling, disabling or re-defaulting models changes routing, so the key.
    private readonly string routingKey = registry.Default.Id + "|" + string.Join(",", registry.All.Where(m => m.Enabled).Select(m => m.Id));

    private sealed record CachedAnswer(string Text, string? ProviderModel, string? Model, long ModelGeneration = 0);
}
