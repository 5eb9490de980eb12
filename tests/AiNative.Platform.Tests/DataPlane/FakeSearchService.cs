using System.Text.Json.Nodes;
using AiNative.Testing;
using Azure.Core.Pipeline;
using Azure.Search.Documents;
using Microsoft.AspNetCore.Http;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>
/// A loopback HTTP server standing in for an Azure AI Search service: records every request and answers through
/// <see cref="Respond"/>. The SDK only talks https, so <see cref="ClientOptions"/> carries a transport that rewrites
/// <c>https://search.test</c> to this server.
/// </summary>
internal sealed class FakeSearchService : IDisposable
{
    public static readonly Uri Endpoint = new("https://search.test");

    private readonly LoopbackHttpServer server;

    public FakeSearchService() => server = LoopbackHttpServer.Start(AnswerAsync);

    /// <summary>Every request so far: method, path with query (unescaped), body.</summary>
    public IEnumerable<Recorded> Requests => server.Requests.Select(ToRecorded);

    /// <summary>Answers a request with a status and a JSON body; the default acknowledges index writes and finds nothing.</summary>
    public Func<Recorded, (int Status, string Body)> Respond { get; set; } = Default;

    public SearchClientOptions ClientOptions => new()
    {
        Transport = new HttpClientTransport(new HttpClient(new Rewrite(server.Port) { InnerHandler = new SocketsHttpHandler() })),
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

    public void Dispose() => server.Dispose();

    private static Recorded ToRecorded(LoopbackRequest request) => new(request.Method, Uri.UnescapeDataString(request.Target), request.Body);

    private Task AnswerAsync(LoopbackRequest request, HttpResponse response)
    {
        var (status, answer) = Respond(ToRecorded(request));
        return LoopbackHttpServer.RespondAsync(response, status, "application/json; odata.metadata=minimal", answer);
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
