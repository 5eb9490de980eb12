using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiNative.Bench.Gateway;

/// <summary>A loopback model server answering every chat completion with the same precomputed body, so it adds as little as possible.</summary>
/// <remarks>
/// Not the tests' <c>AiNative.Testing.LoopbackHttpServer</c>: that one copies every request body into a queue it never
/// empties (cost and memory per call inside the measured time), and its library brings xunit and the Azurite fixtures.
/// </remarks>
internal sealed class LoopbackModelServer : IAsyncDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        {"id":"chatcmpl-bench","object":"chat.completion","created":1760000000,"model":"bench-model",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Refunds to cards take five business days."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}
        """);

    private readonly WebApplication app;

    private LoopbackModelServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The OpenAI base URL (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public Uri BaseAddress { get; }

    public static async Task<LoopbackModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            // Drain the request like a real server would.
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackModelServer(app, new Uri(address.TrimEnd('/') + "/v1"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
