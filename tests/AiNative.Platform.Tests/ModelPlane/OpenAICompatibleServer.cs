using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.Tests.ModelPlane;

/// <summary>A loopback server speaking the OpenAI wire format for chat completions and embeddings; records every request.</summary>
internal sealed class OpenAICompatibleServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private OpenAICompatibleServer(WebApplication app) => this.app = app;

    /// <summary>Text the next chat completions answer with.</summary>
    public string ChatAnswer { get; set; } = "";

    public List<(string Path, string? Authorization, JsonNode Body)> Requests { get; } = [];

    /// <summary>Query strings and <c>api-key</c> headers, in request order (Azure OpenAI shape).</summary>
    public List<(string Query, string? ApiKey)> RequestDetails { get; } = [];

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<OpenAICompatibleServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new OpenAICompatibleServer(app);
        app.MapPost("/v1/chat/completions", (Delegate)server.ChatAsync);
        app.MapPost("/v1/embeddings", (Delegate)server.EmbeddingsAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (Delegate)server.ChatAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    private async Task<IResult> ChatAsync(HttpContext context)
    {
        var body = await Record(context);
        return Results.Json(new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_760_000_000,
            ["model"] = (body["model"]?.GetValue<string>() ?? "azure-deployment") + "-2025-01-01",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = ChatAnswer },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 321, ["completion_tokens"] = 54, ["total_tokens"] = 375 },
        });
    }

    private async Task<IResult> EmbeddingsAsync(HttpContext context)
    {
        var body = await Record(context);
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
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
