using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AiNative.Api.Gateway;
using AiNative.Bench.Gateway;
using AiNative.Platform;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

// Gateway overhead, side by side in one run against the same loopback model server. Modes are interleaved in rounds so
// machine noise hits them alike. Overheads are differences of percentiles (p50(mode) - p50(direct)), not per-call pairs.
var calls = Arg("--calls", 3000);
var concurrency = Arg("--concurrency", 8);
var rounds = 10;
var repositoryRoot = FindRepositoryRoot();
var results = Path.Combine(repositoryRoot, "bench", "results");
Directory.CreateDirectory(results);

await using var model = await LoopbackModelServer.StartAsync();
var settings = new Dictionary<string, string?>
{
    ["AiNative:CatalogDirectory"] = Path.Combine(AppContext.BaseDirectory, "catalog"),
    ["Models:Provider"] = "openai-compatible",
    ["Models:Endpoint"] = model.BaseAddress.ToString(),
    ["Models:ApiKey"] = "bench",
    ["Models:ChatModel"] = "bench-model",
    ["Gateway:CacheEnabled"] = "false",
    ["Gateway:Tenants:bench:ApiKey"] = "sk-bench",
    ["Logging:LogLevel:Default"] = "Warning",
};

// 1. Direct: the official OpenAI SDK straight at the model server.
var direct = new OpenAIClient(new ApiKeyCredential("bench"), new OpenAIClientOptions { Endpoint = model.BaseAddress, RetryPolicy = new ClientRetryPolicy(0) })
    .GetChatClient("bench-model");

// 1b. The Microsoft.Extensions.AI adapter over the same SDK client, no gateway stages: separates adapter cost from gateway cost.
var adapter = direct.AsIChatClient();

// 2. In-process: the gateway pipeline (quotas, routing, breaker, rate limit, retry, telemetry) over the same SDK.
await using var platform = Services(settings);
var pipeline = platform.GetRequiredService<IChatClient>();

// 2a. The same stages over an instant in-memory provider: the pipeline's own cost, without any network.
var instantAnswer = new ChatResponse(new Microsoft.Extensions.AI.ChatMessage(ChatRole.Assistant, "Refunds to cards take five business days."))
{
    FinishReason = Microsoft.Extensions.AI.ChatFinishReason.Stop,
    Usage = new UsageDetails { InputTokenCount = 20, OutputTokenCount = 9, TotalTokenCount = 29 },
};
await using var instantPlatform = Services(settings, new InstantChatClient(instantAnswer));
var instantPipeline = instantPlatform.GetRequiredService<IChatClient>();
var instantDirect = new InstantChatClient(instantAnswer);

// 2b. The same pipeline with the response cache on, every call a hit (what a repeated request costs).
await using var cachedPlatform = Services(new(settings) { ["Gateway:CacheEnabled"] = "true", ["Gateway:CachePersistent"] = "false" });
var cached = cachedPlatform.GetRequiredService<IChatClient>();

// 3. HTTP: the OpenAI-compatible endpoint (Kestrel + handler + pipeline), called with the official SDK.
var builder = WebApplication.CreateSlimBuilder();
builder.Configuration.AddInMemoryCollection(settings);
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
builder.Services.AddOptions<PlatformOptions>().Bind(builder.Configuration.GetSection(PlatformOptions.Section));
builder.Services.AddModelPlane(builder.Configuration);
builder.Services.AddSingleton<OpenAIGatewayHandler>();
await using var gatewayApp = builder.Build();
gatewayApp.MapGatewayApi();
await gatewayApp.StartAsync();
var gatewayUrl = new Uri(gatewayApp.Urls.First().TrimEnd('/') + "/api/v1");
var viaHttp = new OpenAIClient(new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Endpoint = gatewayUrl, RetryPolicy = new ClientRetryPolicy(0) })
    .GetChatClient("auto");

// 4. Portkey (npm @portkey-ai/gateway) proxying to the same model server, called with the official SDK.
var (portkey, portkeyProblem) = await PortkeyGateway.StartAsync(Path.Combine(repositoryRoot, "bench", "Gateway", "portkey"));
await using var portkeyProcess = portkey;
ChatClient? viaPortkey = null;
if (portkey is not null)
{
    var portkeyOptions = new OpenAIClientOptions { Endpoint = portkey.BaseAddress, RetryPolicy = new ClientRetryPolicy(0) };
    portkeyOptions.AddPolicy(PortkeyGateway.RouteTo(model.BaseAddress), PipelinePosition.PerCall);
    viaPortkey = new OpenAIClient(new ApiKeyCredential("bench"), portkeyOptions).GetChatClient("bench-model");
}
else
{
    Console.WriteLine($"Skipping Portkey: {portkeyProblem}");
}

// Ablations that locate the pipeline's cost over a real network call (see bench/README.md).
var retryOnly = new RetryChatClient(adapter, "bench-model", new ResilienceOptions(), new LatencyTracker(), TimeProvider.System);
var routingOnly = platform.GetRequiredService<ModelRoutingChatClient>();

var messages = new List<OpenAI.Chat.ChatMessage> { new UserChatMessage("How long do card refunds take?") };
var meaiMessages = new List<Microsoft.Extensions.AI.ChatMessage> { new(ChatRole.User, "How long do card refunds take?") };
var cacheOptions = new ChatOptions { AdditionalProperties = new() { [ModelGateway.TenantProperty] = "bench" } };
var modes = new List<(string Name, Func<Task> Call)>
{
    ("direct SDK", async () => await direct.CompleteChatAsync(messages)),
    ("M.E.AI adapter only (no gateway stages)", async () => await adapter.GetResponseAsync(meaiMessages)),
    ("adapter + retry/timeout stage only", async () => await retryOnly.GetResponseAsync(meaiMessages)),
    ("routing stage only (no telemetry, logging, quotas)", async () => await routingOnly.GetResponseAsync(meaiMessages)),
    ("in-process pipeline", async () => await pipeline.GetResponseAsync(meaiMessages)),
    ("instant provider, called directly", async () => await instantDirect.GetResponseAsync(meaiMessages)),
    ("instant provider through the pipeline", async () => await instantPipeline.GetResponseAsync(meaiMessages)),
    ("in-process, cache hit", async () => await cached.GetResponseAsync(meaiMessages, cacheOptions)),
    ("HTTP endpoint (SDK → gateway → model)", async () => await viaHttp.CompleteChatAsync(messages)),
};
if (viaPortkey is not null)
{
    modes.Add(("Portkey gateway (SDK → Portkey → model)", async () => await viaPortkey.CompleteChatAsync(messages)));
}

Console.WriteLine($"Warm-up, then {calls} sequential calls per mode in {rounds} interleaved rounds; throughput with {concurrency} concurrent callers.");
foreach (var (_, call) in modes)
{
    for (var i = 0; i < 300; i++)
    {
        await call();
    }
}

var latencies = modes.ToDictionary(m => m.Name, _ => new List<double>(calls));
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, call) in modes)
    {
        for (var i = 0; i < calls / rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            latencies[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

// Throughput in interleaved rounds too: each round runs a slice of every mode with the same concurrency, so a build
// starting on this shared machine slows all modes alike instead of whichever mode happened to run then.
// CPU time and allocated bytes per call (whole process: the loopback model server runs in it too, the same for every
// mode) are steadier than wall-clock throughput on a machine other builds share: the stages' own cost shows in them.
var busy = modes.ToDictionary(m => m.Name, _ => TimeSpan.Zero);
var cpu = modes.ToDictionary(m => m.Name, _ => TimeSpan.Zero);
var allocated = modes.ToDictionary(m => m.Name, _ => 0L);
using var self = Process.GetCurrentProcess();
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, call) in modes)
    {
        var remaining = calls / rounds;
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: false);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await call();
            }
        }));
        busy[name] += Stopwatch.GetElapsedTime(started);
        allocated[name] += GC.GetTotalAllocatedBytes(precise: false) - bytesBefore;
        self.Refresh();
        cpu[name] += self.TotalProcessorTime - cpuBefore;
    }
}

var throughput = modes.ToDictionary(m => m.Name, m => (calls / rounds * rounds) / busy[m.Name].TotalSeconds);

var baseline = latencies["direct SDK"];
var rows = modes.Select(m =>
{
    var l = latencies[m.Name];
    return new
    {
        mode = m.Name,
        calls = l.Count,
        p50_ms = Percentile(l, 0.50),
        p90_ms = Percentile(l, 0.90),
        p99_ms = Percentile(l, 0.99),
        added_p50_ms = Percentile(l, 0.50) - Percentile(baseline, 0.50),
        added_p99_ms = Percentile(l, 0.99) - Percentile(baseline, 0.99),
        throughput_rps = throughput[m.Name],
        cpu_us_per_call = cpu[m.Name].TotalMicroseconds / (calls / rounds * rounds),
        allocated_kb_per_call = allocated[m.Name] / 1024.0 / (calls / rounds * rounds),
    };
}).ToList();

var machine = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC";
await File.WriteAllTextAsync(Path.Combine(results, "gateway.json"), JsonSerializer.Serialize(new { machine, calls, concurrency, rows }, new JsonSerializerOptions { WriteIndented = true }));
var md = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"Gateway overhead ({machine}; {calls} sequential calls per mode, {concurrency} concurrent callers for throughput; added = percentile difference vs direct SDK)")
    .AppendLine()
    .AppendLine("| mode | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms | throughput req/s | CPU µs/call | KB allocated/call |")
    .AppendLine("|---|---|---|---|---|---|---|---|---|");
foreach (var r in rows)
{
    md.AppendLine(CultureInfo.InvariantCulture, $"| {r.mode} | {r.p50_ms:0.000} | {r.p90_ms:0.000} | {r.p99_ms:0.000} | {r.added_p50_ms:+0.000;-0.000} | {r.added_p99_ms:+0.000;-0.000} | {r.throughput_rps:0} | {r.cpu_us_per_call:0} | {r.allocated_kb_per_call:0.0} |");
}

await File.WriteAllTextAsync(Path.Combine(results, "gateway.md"), md.ToString());
Console.WriteLine(md);
await gatewayApp.StopAsync();

ServiceProvider Services(Dictionary<string, string?> values, IChatClient? provider = null)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    var services = new ServiceCollection();
    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
    services.AddOptions<PlatformOptions>().Bind(configuration.GetSection(PlatformOptions.Section));
    if (provider is not null)
    {
        // Registered first, so AddModelPlane keeps it: every registry model answers from memory.
        services.AddSingleton(sp => new ModelClientPool(
            _ => provider,
            sp.GetRequiredService<IOptions<ResilienceOptions>>(),
            sp.GetRequiredService<LatencyTracker>(),
            sp.GetRequiredService<RateLimits>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelClientPool>>()));
    }

    services.AddModelPlane(configuration);

    // Each in-process mode needs its own container (cache on or off), outside any web host.
#pragma warning disable ASP0000
    return services.BuildServiceProvider();
#pragma warning restore ASP0000
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static string FindRepositoryRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "AiNative.Functions.sln")))
        {
            return d.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
