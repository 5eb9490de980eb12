using System.Text.Json;
using System.Text.Json.Nodes;
using AiNative.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AiNative.Platform.Tests.ModelPlane;

/// <summary>What the server does with one chat request to a model.</summary>
internal sealed record ServerBehaviour(int Status = 200, string? Text = null, string? RetryAfter = null, bool ContentFilter = false, bool Hang = false)
{
    public static ServerBehaviour Ok(string text) => new(Text: text);

    public static ServerBehaviour TooManyRequests(string? retryAfter = null) => new(429, RetryAfter: retryAfter);

    public static ServerBehaviour ServerError() => new(500);

    public static ServerBehaviour Filtered() => new(400, ContentFilter: true);

    /// <summary>Never answers (until the client gives up): a slow model.</summary>
    public static ServerBehaviour Slow() => new(Hang: true);
}

/// <summary>
/// A loopback server speaking the OpenAI and Azure OpenAI wire formats for chat completions (plain and streamed as SSE)
/// and embeddings; per-model scripts make it answer 429 with Retry-After, 500, content-filter errors or hang.
/// </summary>
internal sealed class OpenAICompatibleServer : IAsyncDisposable
{
    private LoopbackHttpServer server = null!;

    private OpenAICompatibleServer()
    {
    }

    /// <summary>Text the next chat completions answer with.</summary>
    public string ChatAnswer { get; set; } = "";

    public List<(string Path, string? Authorization, JsonNode Body)> Requests { get; } = [];

    /// <summary>Query strings and <c>api-key</c> headers, in request order (Azure OpenAI shape).</summary>
    public List<(string Query, string? ApiKey)> RequestDetails { get; } = [];

    public Uri BaseAddress => new(server.BaseAddress, "v1");

    /// <summary>The server root (Azure OpenAI endpoint shape).</summary>
    public Uri Root => server.BaseAddress;

    private readonly Dictionary<string, Queue<ServerBehaviour>> scripts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Chat requests per model (body <c>model</c>, or the Azure deployment).</summary>
    public Dictionary<string, int> ChatCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>Signalled on every chat request, for tests that advance a fake clock once a call is in flight.</summary>
    public SemaphoreSlim ChatReceived { get; } = new(0);

    /// <summary>The next requests to <paramref name="model"/> behave as given, in order; afterwards it answers <see cref="ChatAnswer"/>.</summary>
    public void Script(string model, params ServerBehaviour[] behaviours)
    {
        lock (scripts)
        {
            if (!scripts.TryGetValue(model, out var queue))
            {
                scripts[model] = queue = new Queue<ServerBehaviour>();
            }

            foreach (var b in behaviours)
            {
                queue.Enqueue(b);
            }
        }
    }

    public int CallsTo(string model)
    {
        lock (scripts)
        {
            return ChatCalls.GetValueOrDefault(model);
        }
    }

    public static async Task<OpenAICompatibleServer> StartAsync()
    {
        var fake = new OpenAICompatibleServer();
        fake.server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", (Delegate)fake.ChatAsync);
            app.MapPost("/v1/embeddings", (Delegate)fake.EmbeddingsAsync);
            app.MapPost("/openai/deployments/{deployment}/chat/completions", (Delegate)fake.ChatAsync);
            app.MapPost("/openai/deployments/{deployment}/embeddings", (Delegate)fake.EmbeddingsAsync);
        });
        return fake;
    }

    private async Task<IResult> ChatAsync(HttpContext context)
    {
        var body = await Record(context);
        var model = context.Request.RouteValues["deployment"] as string ?? body["model"]?.GetValue<string>() ?? "";
        ServerBehaviour behaviour;
        lock (scripts)
        {
            ChatCalls[model] = ChatCalls.GetValueOrDefault(model) + 1;
            behaviour = scripts.TryGetValue(model, out var queue) && queue.Count > 0 ? queue.Dequeue() : ServerBehaviour.Ok(ChatAnswer);
        }

        ChatReceived.Release();
        if (behaviour.Hang)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.StatusCode(499);
        }

        if (behaviour.Status != 200)
        {
            if (behaviour.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            var (code, message) = behaviour.ContentFilter
                ? ("content_filter", "The response was filtered due to the prompt triggering content management policy.")
                : behaviour.Status == 429 ? ("rate_limit_exceeded", "Rate limit reached.") : ("server_error", "The server had an error.");
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = code, ["code"] = code } }, statusCode: behaviour.Status);
        }

        var text = behaviour.Text ?? ChatAnswer;
        if (body["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context, body, text);
            return Results.Empty;
        }

        return Results.Json(new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_760_000_000,
            ["model"] = (body["model"]?.GetValue<string>() ?? "azure-deployment") + "-2025-01-01",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 321, ["completion_tokens"] = 54, ["total_tokens"] = 375 },
        });
    }

    // Three content chunks (split on spaces), then the finish chunk, a usage chunk and [DONE], like OpenAI.
    private static async Task StreamAsync(HttpContext context, JsonNode body, string text)
    {
        context.Response.ContentType = "text/event-stream";
        var model = (body["model"]?.GetValue<string>() ?? "azure-deployment") + "-2025-01-01";
        var words = text.Split(' ');
        var parts = words.Chunk(Math.Max(1, (words.Length + 2) / 3)).Select((c, i) => (i == 0 ? "" : " ") + string.Join(' ', c)).ToList();
        async Task Send(JsonObject choiceDelta, string? finish, JsonObject? usage = null)
        {
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_760_000_000,
                ["model"] = model,
                ["choices"] = usage is null
                    ? new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = choiceDelta, ["finish_reason"] = finish })
                    : new JsonArray(),
            };
            if (usage is not null)
            {
                chunk["usage"] = usage;
            }

            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var delta = new JsonObject { ["content"] = parts[i] };
            if (i == 0)
            {
                delta["role"] = "assistant";
            }

            await Send(delta, null);
        }

        await Send(new JsonObject(), "stop");
        await Send(new JsonObject(), null, new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = words.Length, ["total_tokens"] = 11 + words.Length });
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private async Task<IResult> EmbeddingsAsync(HttpContext context)
    {
        var body = await Record(context);
        var model = context.Request.RouteValues["deployment"] as string ?? body["model"]?.GetValue<string>() ?? "";
        ServerBehaviour behaviour;
        lock (scripts)
        {
            ChatCalls[model] = ChatCalls.GetValueOrDefault(model) + 1;
            behaviour = scripts.TryGetValue(model, out var queue) && queue.Count > 0 ? queue.Dequeue() : ServerBehaviour.Ok(ChatAnswer);
        }

        if (behaviour.Status != 200)
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "The server had an error.", ["type"] = "server_error", ["code"] = "server_error" } }, statusCode: behaviour.Status);
        }

        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            // A deterministic 4-dim vector per input: its length and the index.
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray(inputs[i].Length, i, 0.5, -1) });
        }

        return Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 7, ["total_tokens"] = 7 },
        });
    }

    private async Task<JsonNode> Record(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        lock (Requests)
        {
            Requests.Add((context.Request.Path, context.Request.Headers.Authorization.ToString(), body));
            RequestDetails.Add((context.Request.QueryString.ToString(), context.Request.Headers["api-key"].ToString()));
        }

        return body;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await server.DisposeAsync();
        stopping.Dispose();
        ChatReceived.Dispose();
    }
}
