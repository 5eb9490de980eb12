using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiNative.Api.Http;
using AiNative.Platform.Governance.Gateway;
using AiNative.Platform.Governance.Policies;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AiNative.Api.Gateway;

/// <summary>
/// The gateway over HTTP in the OpenAI wire format: chat completions (plain and SSE streams), embeddings and the model
/// list. The tenant comes from the API key (<c>Authorization: Bearer</c> or <c>api-key</c>) mapped in
/// <c>Gateway__Tenants__NAME__ApiKey</c>; routing hints from <c>x-ainative-*</c> headers; errors in the OpenAI shape.
/// </summary>
public sealed class OpenAIGatewayHandler(
    IChatClient chat,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    ModelRegistry registry,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    TimeProvider time)
{
    /// <summary>Routing headers: <c>budget</c> or <c>latency</c>; comma-separated lists; a region name.</summary>
    public const string PriorityHeader = "x-ainative-priority";
    public const string CapabilitiesHeader = "x-ainative-capabilities";
    public const string ComplianceHeader = "x-ainative-compliance";
    public const string RegionHeader = "x-ainative-region";

    /// <summary>Response headers: the model that answered and the price of the call.</summary>
    public const string ModelHeader = "x-ainative-model";
    public const string CostHeader = "x-ainative-cost";

    public async Task<IResult> ChatCompletionsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (tenant, body, refused) = await ReadAuthenticatedAsync(context).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (!TryReadChat(body, out var messages, out var chatOptions, out var error))
        {
            return error!;
        }

        chatOptions.AdditionalProperties![ModelGateway.TenantProperty] = tenant;
        chatOptions.AdditionalProperties[GatewayProperties.Routing] = Hints(context.Request, body);
        chatOptions.AdditionalProperties[GuardrailsChatClient.RouteProperty] = PolicyRegistry.GatewayRoute;
        var id = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        try
        {
            if (stream)
            {
                var includeUsage = body.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                    && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
                var updates = chat.GetStreamingResponseAsync(messages, chatOptions, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);

                // The first chunk decides between an error status and a 200 stream: fallbacks happen before it.
                var any = await updates.MoveNextAsync().ConfigureAwait(false);
                return new ServerSentEventsResult(updates, any, id, created, includeUsage);
            }

            var response = await chat.GetResponseAsync(messages, chatOptions, context.RequestAborted).ConfigureAwait(false);
            return Completion(context.Response, response, id, created);
        }
        catch (Exception e) when (OpenAIErrors.FromException(e) is { } mapped)
        {
            return mapped;
        }
    }

    public async Task<IResult> EmbeddingsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (tenant, body, refused) = await ReadAuthenticatedAsync(context).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        List<string> inputs;
        if (body.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
        {
            inputs = [input.GetString()!];
        }
        else if (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0 && input.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
        {
            inputs = [.. input.EnumerateArray().Select(i => i.GetString()!)];
        }
        else
        {
            return OpenAIErrors.InvalidRequest("'input' must be a text or a non-empty list of texts (token arrays are not supported).", "input");
        }

        var base64 = body.TryGetProperty("encoding_format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "base64";
        // Routed like chat: the registry's embedding models, fallbacks, tenant quotas and budgets, cache and cost.
        var embeddingOptions = new EmbeddingGenerationOptions
        {
            AdditionalProperties = new() { [ModelGateway.TenantProperty] = tenant, [GatewayProperties.Routing] = Hints(context.Request, body) },
        };
        GeneratedEmbeddings<Embedding<float>> generated;
        try
        {
            generated = await embeddings.GenerateAsync(inputs, embeddingOptions, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (OpenAIErrors.FromException(e) is { } mapped)
        {
            return mapped;
        }

        if (generated.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision) is RoutingDecision decision)
        {
            context.Response.Headers[ModelHeader] = decision.Model;
        }

        if (generated.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Cost) is decimal cost)
        {
            context.Response.Headers[CostHeader] = cost.ToString(CultureInfo.InvariantCulture);
        }

        var data = new JsonArray();
        for (var i = 0; i < generated.Count; i++)
        {
            var vector = generated[i].Vector;
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.Span)) : new JsonArray([.. vector.ToArray().Select(v => (JsonNode)v)]),
            });
        }

        var tokens = generated.Usage?.InputTokenCount ?? inputs.Sum(t => (long)Math.Max(1, t.Length / 4));
        var model = generated.FirstOrDefault()?.ModelId ?? embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "embeddings";
        return Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }

    public IResult Models(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Authenticate(context.Request, out _) is { } denied)
        {
            return denied;
        }

        return Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. registry.All.Where(m => m.Enabled).Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Id,
                ["object"] = "model",
                ["created"] = 0,
                ["owned_by"] = m.Provider,
                ["capabilities"] = new JsonArray([.. m.Capabilities.Order(StringComparer.Ordinal).Select(c => (JsonNode)c)]),
                ["context_window"] = m.ContextWindow,
                ["latency_class"] = m.LatencyClass,
                ["slo"] = Slo(metrics.Slo.Evaluate(m)),
            })]),
        });
    }

    private static JsonObject Slo(SloEvaluation slo) => new()
    {
        ["class"] = slo.LatencyClass,
        ["percentile"] = slo.Percentile,
        ["objective_seconds"] = slo.ObjectiveSeconds,
        ["observed_seconds"] = slo.ObservedSeconds,
        ["samples"] = slo.Samples,
        ["met"] = slo.Met,
    };

    /// <summary>The caller's tenant and the JSON object body, or the OpenAI-shaped error that refuses the request.</summary>
    private async Task<(string Tenant, JsonElement Body, IResult? Refused)> ReadAuthenticatedAsync(HttpContext context)
    {
        if (Authenticate(context.Request, out var tenant) is { } denied)
        {
            return (tenant, default, denied);
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        return problem is null
            ? (tenant, body, null)
            : (tenant, body, OpenAIErrors.InvalidRequest("The body must be a JSON object (Content-Type: application/json)."));
    }

    private IResult? Authenticate(HttpRequest request, out string tenant)
    {
        tenant = "";
        var tenants = options.Value.Tenants.Where(t => !string.IsNullOrEmpty(t.Value.ApiKey)).ToList();
        if (tenants.Count == 0)
        {
            return OpenAIErrors.Unauthorized("The gateway has no API keys: set Gateway__Tenants__<tenant>__ApiKey.");
        }

        var header = request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : request.Headers["api-key"].ToString();
        var presented = Encoding.UTF8.GetBytes(key);
        foreach (var (name, settings) in tenants)
        {
            if (key.Length > 0 && CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(settings.ApiKey!)))
            {
                tenant = name;
                return null;
            }
        }

        return OpenAIErrors.Unauthorized("Incorrect API key provided.");
    }

    private static RoutingHints Hints(HttpRequest request, JsonElement body)
    {
        static List<string>? List(string value) => value.Length == 0 ? null : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var priority = request.Headers[PriorityHeader].ToString().ToUpperInvariant() switch
        {
            "BUDGET" or "COST" => RoutingPriority.Budget,
            "LATENCY" => RoutingPriority.Latency,
            _ => RoutingPriority.Default,
        };
        var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } name && name != "auto" ? name : null;
        return new RoutingHints(List(request.Headers[CapabilitiesHeader].ToString()), List(request.Headers[ComplianceHeader].ToString()), request.Headers[RegionHeader].ToString() is { Length: > 0 } region ? region : null, priority, model);
    }

    private static bool TryReadChat(JsonElement body, out List<ChatMessage> messages, out ChatOptions chatOptions, out IResult? error)
    {
        messages = [];
        chatOptions = new ChatOptions { AdditionalProperties = [] };
        error = null;
        if (!body.TryGetProperty("messages", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            error = OpenAIErrors.InvalidRequest("'messages' must be a non-empty list.", "messages");
            return false;
        }

        foreach (var message in list.EnumerateArray())
        {
            var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var content = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var c) ? Text(c) : null;
            if (role is not ("system" or "developer" or "user" or "assistant") || content is null)
            {
                error = OpenAIErrors.InvalidRequest("Each message needs a role (system, developer, user, assistant) and text content.", "messages");
                return false;
            }

            messages.Add(new ChatMessage(role == "developer" ? ChatRole.System : new ChatRole(role), content));
        }

        if (body.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number)
        {
            chatOptions.Temperature = t.GetSingle();
        }

        if (body.TryGetProperty("top_p", out var p) && p.ValueKind == JsonValueKind.Number)
        {
            chatOptions.TopP = p.GetSingle();
        }

        if ((body.TryGetProperty("max_completion_tokens", out var mt) || body.TryGetProperty("max_tokens", out mt)) && mt.ValueKind == JsonValueKind.Number)
        {
            chatOptions.MaxOutputTokens = mt.GetInt32();
        }

        if (body.TryGetProperty("stop", out var stop))
        {
            chatOptions.StopSequences = stop.ValueKind == JsonValueKind.String ? [stop.GetString()!]
                : stop.ValueKind == JsonValueKind.Array ? [.. stop.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                : null;
        }

        if (body.TryGetProperty("response_format", out var rf) && rf.ValueKind == JsonValueKind.Object && rf.TryGetProperty("type", out var type))
        {
            chatOptions.ResponseFormat = type.GetString() switch
            {
                "json_schema" when rf.TryGetProperty("json_schema", out var js) && js.TryGetProperty("schema", out var schema) =>
                    ChatResponseFormat.ForJsonSchema(schema.Clone(), js.TryGetProperty("name", out var n) ? n.GetString() : null),
                "json_object" => ChatResponseFormat.Json,
                _ => ChatResponseFormat.Text,
            };
        }

        return true;
    }

    private static string? Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.GetString() == "text" && part.TryGetProperty("text", out _))
            .Select(part => part.GetProperty("text").GetString())),
        _ => null,
    };

    private static IResult Completion(HttpResponse http, ChatResponse response, string id, long created)
    {
        var decision = response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision) as RoutingDecision;
        var cost = response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Cost) is decimal c ? c : 0m;
        var model = decision?.Model ?? response.ModelId ?? "unknown";
        http.Headers[ModelHeader] = model;
        http.Headers[CostHeader] = cost.ToString(CultureInfo.InvariantCulture);
        long input = response.Usage?.InputTokenCount ?? 0, output = response.Usage?.OutputTokenCount ?? 0;
        return Results.Json(new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = response.Text },
                ["finish_reason"] = FinishReason(response.FinishReason) ?? "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = input, ["completion_tokens"] = output, ["total_tokens"] = input + output },
            ["ainative"] = Extension(decision, cost, response.AdditionalProperties?.ContainsKey(GatewayProperties.Cached) == true),
        });
    }

    internal static JsonObject Extension(RoutingDecision? decision, decimal cost, bool cached) => new()
    {
        ["routing"] = decision is null ? null : new JsonObject
        {
            ["model"] = decision.Model,
            ["reason"] = decision.Reason,
            ["tried"] = new JsonArray([.. decision.Tried.Select(t => (JsonNode)t)]),
        },
        ["cost"] = cost,
        ["cached"] = cached,
    };

    internal static string? FinishReason(ChatFinishReason? reason) =>
        reason is null ? null
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";
}
