using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>A real HTTP server on a free loopback port serving fixed responses by path (404 otherwise).</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Body, bool Chunked)> routes = new(StringComparer.Ordinal);
    private readonly int port;
    private int requests;

    public LoopbackServer()
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

    public int Requests => Volatile.Read(ref requests);

    public string Url(string path) => $"http://127.0.0.1:{port}{path}";

    public void Serve(string path, string contentType, byte[] body, bool chunked = false) => routes[path] = (contentType, body, chunked);

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

            Interlocked.Increment(ref requests);
            using var response = context.Response;
            if (!routes.TryGetValue(context.Request.Url!.AbsolutePath, out var route))
            {
                response.StatusCode = 404;
                continue;
            }

            response.ContentType = route.ContentType;
            response.SendChunked = route.Chunked;
            if (!route.Chunked)
            {
                response.ContentLength64 = route.Body.Length;
            }

            try
            {
                await response.OutputStream.WriteAsync(route.Body);
            }
            catch (HttpListenerException)
            {
                // The client stopped reading (size limit): nothing to do.
            }
        }
    }
}
