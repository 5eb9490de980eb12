using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AiNative.Standalone.Tests.Approvals;

/// <summary>
/// A loopback server that speaks the parts of Slack's Web API the approvals use: <c>POST /api/chat.postMessage</c>
/// (bearer token checked, JSON body with channel, text and blocks required, answers <c>{"ok":…}</c> like Slack),
/// <c>POST /webhook</c> (incoming webhook) and <c>POST /response/{n}</c> (interaction response_url). Records every request.
/// </summary>
public sealed class FakeSlackServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string token;

    public FakeSlackServer(string token)
    {
        this.token = token;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        BaseUrl = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public string ApiBaseUrl => BaseUrl + "/api/";

    public ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> Received { get; } = new();

    public IEnumerable<JsonObject> Posted(string path) => Received.Where(r => r.Path == path).Select(r => r.Body);

    public void Dispose() => listener.Close();

    private async Task LoopAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            JsonObject? body = null;
            try
            {
                body = JsonNode.Parse(text) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
            }

            var path = context.Request.Url!.AbsolutePath;
            var authorization = context.Request.Headers["Authorization"];
            if (body is null || context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                await WriteAsync(response, 400, "invalid_payload", "text/plain");
                continue;
            }

            Received.Enqueue((path, authorization, body));
            if (path == "/api/chat.postMessage")
            {
                var error = authorization != "Bearer " + token ? "invalid_auth"
                    : body["channel"] is null ? "channel_not_found"
                    : body["text"] is null && body["blocks"] is null ? "no_text"
                    : body["blocks"] is JsonArray { Count: > 50 } ? "invalid_blocks"
                    : null;
                await WriteAsync(response, 200, error is null
                    ? $$"""{"ok":true,"channel":"{{body["channel"]}}","ts":"1700000000.000100"}"""
                    : $$"""{"ok":false,"error":"{{error}}"}""", "application/json");
            }
            else if (path == "/webhook" || path.StartsWith("/response/", StringComparison.Ordinal))
            {
                await WriteAsync(response, 200, "ok", "text/plain");
            }
            else
            {
                await WriteAsync(response, 404, "not found", "text/plain");
            }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body, string contentType)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        await response.OutputStream.WriteAsync(bytes);
    }
}
