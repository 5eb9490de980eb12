using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AiNative.Testing;
using Microsoft.AspNetCore.Http;

namespace AiNative.Standalone.Tests.Approvals;

/// <summary>
/// A loopback server that speaks the parts of Slack's Web API the approvals use: <c>POST /api/chat.postMessage</c>
/// (bearer token checked, JSON body with channel, text and blocks required, answers <c>{"ok":…}</c> like Slack),
/// <c>POST /webhook</c> (incoming webhook) and <c>POST /response/{n}</c> (interaction response_url). Records every request.
/// </summary>
public sealed class FakeSlackServer : IDisposable
{
    private readonly string token;
    private readonly LoopbackHttpServer server;

    public FakeSlackServer(string token)
    {
        this.token = token;
        server = LoopbackHttpServer.Start(AnswerAsync);
        BaseUrl = server.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public string ApiBaseUrl => BaseUrl + "/api/";

    public ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> Received { get; } = new();

    public IEnumerable<JsonObject> Posted(string path) => Received.Where(r => r.Path == path).Select(r => r.Body);

    public void Dispose() => server.Dispose();

    private async Task AnswerAsync(LoopbackRequest request, HttpResponse response)
    {
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        var path = request.Path;
        var authorization = request.Header("Authorization");
        if (body is null || request.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            await LoopbackHttpServer.RespondAsync(response, 400, "text/plain", "invalid_payload");
            return;
        }

        Received.Enqueue((path, authorization, body));
        if (path == "/api/chat.postMessage")
        {
            var error = authorization != "Bearer " + token ? "invalid_auth"
                : body["channel"] is null ? "channel_not_found"
                : body["text"] is null && body["blocks"] is null ? "no_text"
                : body["blocks"] is JsonArray { Count: > 50 } ? "invalid_blocks"
                : null;
            await LoopbackHttpServer.RespondAsync(response, 200, "application/json", error is null
                ? $$"""{"ok":true,"channel":"{{body["channel"]}}","ts":"1700000000.000100"}"""
                : $$"""{"ok":false,"error":"{{error}}"}""");
        }
        else if (path == "/webhook" || path.StartsWith("/response/", StringComparison.Ordinal))
        {
            await LoopbackHttpServer.RespondAsync(response, 200, "text/plain", "ok");
        }
        else
        {
            await LoopbackHttpServer.RespondAsync(response, 404, "text/plain", "not found");
        }
    }
}
