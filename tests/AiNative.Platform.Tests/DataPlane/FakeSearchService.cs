using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Search.Documents;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>
/// A loopback HTTP server standing in for an Azure AI Search service: records every request and answers through
/// <see cref="Respond"/>. The SDK only talks https, so <see cref="ClientOptions"/> carries a transport that rewrites
/// <c>https://search.test</c> to this server.
/// </summary>
internal sealed class FakeSearchService : IDisposable
{
    public static readonly Uri Endpoint = new("https://search.test");

    private readonly HttpListener listener = new();
    private readonly int port;

    public FakeSearchService()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(LoopAsync);
    }

    /// <summary>Every request so far: method, path with query, body.</summary>
    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>Answers a request with a status and a JSON body; the default acknowledges index writes and finds nothing.</summary>
    public Func<Recorded, (int Status, string Body)> Respond { get; set; } = Default;

    public SearchClientOptions ClientOptions => new()
    {
        Transport = new HttpClientTransport(new HttpClient(new Rewrite(port) { InnerHandler = new SocketsHttpHandler() })),
        Retry = { MaxRetries = 0 },
    };

    public static (int Status, string Body) Default(Recorded request)
    {
        if (request.Method == "PUT" && request.Path.StartsWith("/indexes(", StringComparison.Ordinal))
        {
            return (201, request.Body);
        }

        if (request.Path.Contains("/docs/search.index", StringComparison.Ordinal))
        {
            return (200, IndexResults(request.Json!));
        }

        return (200, """{"@odata.count":0,"value":[]}""");
    }

    /// <summary>A success result for every action of an indexing batch.</summary>
    public static string IndexResults(JsonNode batch) =>
        new JsonObject
        {
            ["value"] = new JsonArray(batch["value"]!.AsArray()
                .Select(a => (JsonNode)new JsonObject { ["key"] = a!["id"]!.GetValue<string>(), ["status"] = true, ["errorMessage"] = null, ["statusCode"] = 200 })
                .ToArray()),
        }.ToJsonString();

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
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var recorded = new Recorded(context.Request.HttpMethod, Uri.UnescapeDataString(context.Request.Url!.PathAndQuery), body);
            Requests.Enqueue(recorded);
            var (status, answer) = Respond(recorded);
            response.StatusCode = status;
            response.ContentType = "application/json; odata.metadata=minimal";
            var bytes = Encoding.UTF8.GetBytes(answer);
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    /// <summary>One request the service received.</summary>
    public sealed record Recorded(string Method, string Path, string Body)
    {
        public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
    }

    private sealed class Rewrite(int port) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = "http", Host = "127.0.0.1", Port = port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
