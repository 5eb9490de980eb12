using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiNative.Testing;

/// <summary>
/// A real HTTP server on a free 127.0.0.1 port for fakes of remote services: it records every request (the body stays
/// readable) and then dispatches it to the fake's handler or mapped endpoints.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<LoopbackRequest> requests = new();

    private LoopbackHttpServer(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

        // A request still in flight at disposal (a hanging fake) must not hold the test up for the default 30 s.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        app = builder.Build();
        app.Use(RecordAsync);
        map(app);
    }

    /// <summary>The server root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyCollection<LoopbackRequest> Requests => requests;

    /// <summary>Starts a server that answers every request with <paramref name="handler"/>.</summary>
    public static LoopbackHttpServer Start(Func<LoopbackRequest, HttpResponse, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Start(app => app.Run(context => handler(Recorded(context), context.Response)));
    }

    /// <summary>Starts a server whose endpoints <paramref name="map"/> adds (minimal API routes, middleware).</summary>
    public static LoopbackHttpServer Start(Action<WebApplication> map)
    {
        var server = new LoopbackHttpServer(map);
        server.app.Start();
        server.OnStarted();
        return server;
    }

    /// <inheritdoc cref="Start(Action{WebApplication})"/>
    public static async Task<LoopbackHttpServer> StartAsync(Action<WebApplication> map)
    {
        var server = new LoopbackHttpServer(map);
        await server.app.StartAsync();
        server.OnStarted();
        return server;
    }

    /// <summary>The request as recorded, for handlers that take the <see cref="HttpContext"/>.</summary>
    public static LoopbackRequest Recorded(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (LoopbackRequest)context.Items[typeof(LoopbackRequest)]!;
    }

    /// <summary>An absolute URL on this server for <paramref name="pathAndQuery"/> (starting with '/').</summary>
    public string Url(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    /// <summary>Answers with a status and a UTF-8 text body.</summary>
    public static async Task RespondAsync(HttpResponse response, int status, string contentType, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = status;
        response.ContentType = contentType;
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnStarted()
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var recorded = new LoopbackRequest(
            context.Request.Method,
            target.Split('?')[0],
            target,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Encoding.UTF8.GetString(bytes));
        requests.Enqueue(recorded);
        context.Items[typeof(LoopbackRequest)] = recorded;

        // The fake reads the body again as it likes.
        context.Request.Body = new MemoryStream(bytes, writable: false);
        await next(context);
    }
}

/// <summary>One request a <see cref="LoopbackHttpServer"/> received: method, path and target as sent (still URL-encoded), headers, UTF-8 body.</summary>
public sealed record LoopbackRequest(string Method, string Path, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>A header's value, or null when the request has none.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
