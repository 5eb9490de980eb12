using System.Collections.Concurrent;
using AiNative.Testing;
using Microsoft.AspNetCore.Http;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>A real HTTP server on a free loopback port serving fixed responses by path (404 otherwise).</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Body, bool Chunked)> routes = new(StringComparer.Ordinal);
    private readonly LoopbackHttpServer server;

    public LoopbackServer() => server = LoopbackHttpServer.Start(AnswerAsync);

    public int Requests => server.Requests.Count;

    public string Url(string path) => server.Url(path);

    public void Serve(string path, string contentType, byte[] body, bool chunked = false) => routes[path] = (contentType, body, chunked);

    public void Dispose() => server.Dispose();

    private async Task AnswerAsync(LoopbackRequest request, HttpResponse response)
    {
        if (!routes.TryGetValue(request.Path, out var route))
        {
            response.StatusCode = 404;
            return;
        }

        response.ContentType = route.ContentType;

        // Without a length Kestrel sends the body chunked.
        if (!route.Chunked)
        {
            response.ContentLength = route.Body.Length;
        }

        try
        {
            await response.Body.WriteAsync(route.Body);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client stopped reading (size limit): nothing to do.
        }
    }
}
