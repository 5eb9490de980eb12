using System.IO.Compression;
using System.Net;
using AiNative.Platform.Storage.Local;

namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>
/// A loopback OTLP/HTTP collector: accepts <c>POST /v1/traces</c>, <c>/v1/logs</c> and <c>/v1/metrics</c> (protobuf,
/// optionally gzip) and keeps every payload's bytes, so a test can search what a host really exported.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<(string Signal, byte[] Body)> payloads = [];
    private readonly Task loop;

    private OtlpReceiver(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter appends <c>/v1/{signal}</c>).</summary>
    public Uri Endpoint { get; }

    public static OtlpReceiver Start() => new(AzuriteLauncher.FreePort());

    /// <summary>The payloads received so far for a signal (<c>traces</c>, <c>logs</c>, <c>metrics</c>).</summary>
    public IReadOnlyList<byte[]> Received(string signal)
    {
        lock (payloads)
        {
            return [.. payloads.Where(p => p.Signal == signal).Select(p => p.Body)];
        }
    }

    /// <summary>Whether any payload of the signal contains the UTF-8 bytes of <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
    public bool Contains(string signal, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Received(signal).Any(body => body.AsSpan().IndexOf(needle) >= 0);
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending accept.
        }
    }

    private async Task ServeAsync()
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
            var path = context.Request.Url?.AbsolutePath ?? "";
            if (context.Request.HttpMethod != "POST" || !path.StartsWith("/v1/", StringComparison.Ordinal))
            {
                response.StatusCode = 404;
                continue;
            }

            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip"
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                : context.Request.InputStream;
            await using (input)
            {
                await input.CopyToAsync(body);
            }

            lock (payloads)
            {
                payloads.Add((path["/v1/".Length..], body.ToArray()));
            }

            // An empty Export*ServiceResponse: a protobuf message with no fields is zero bytes.
            response.StatusCode = 200;
            response.ContentType = "application/x-protobuf";
            response.ContentLength64 = 0;
        }
    }
}
