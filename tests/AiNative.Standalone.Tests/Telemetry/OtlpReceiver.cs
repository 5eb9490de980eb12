using System.IO.Compression;
using AiNative.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>
/// A loopback OTLP/HTTP collector: accepts <c>POST /v1/traces</c>, <c>/v1/logs</c> and <c>/v1/metrics</c> (protobuf,
/// optionally gzip) and keeps every payload's bytes, so a test can search what a host really exported.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly List<(string Signal, byte[] Body)> payloads = [];
    private readonly LoopbackHttpServer server;

    private OtlpReceiver()
    {
        server = LoopbackHttpServer.Start(app => app.MapPost("/v1/{signal}", ReceiveAsync));
    }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter appends <c>/v1/{signal}</c>).</summary>
    public Uri Endpoint => new(server.BaseAddress.ToString().TrimEnd('/'));

    public static OtlpReceiver Start() => new();

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

    public void Dispose() => server.Dispose();

    private async Task ReceiveAsync(string signal, HttpContext context)
    {
        // The recorded request keeps the body as text; protobuf needs the raw bytes, which the server leaves readable.
        using var body = new MemoryStream();
        var input = context.Request.Headers.ContentEncoding == "gzip"
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        await using (input)
        {
            await input.CopyToAsync(body, context.RequestAborted);
        }

        lock (payloads)
        {
            payloads.Add((signal, body.ToArray()));
        }

        // An empty Export*ServiceResponse: a protobuf message with no fields is zero bytes.
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = 0;
    }
}
