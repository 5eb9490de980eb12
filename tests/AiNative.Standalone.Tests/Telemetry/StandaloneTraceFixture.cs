using System.Diagnostics;
using AiNative.Platform.Telemetry;
using AiNative.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>
/// The real Standalone host (HTTP API, gRPC sidecar, Durable Task engine on Azure Storage over Azurite) with an
/// in-memory span exporter listening to the same sources the host exports: what a dashboard would receive.
/// </summary>
public sealed class StandaloneTraceFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private readonly List<Activity> spans = [];
    private TracerProvider? tracer;

    public StandaloneHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    public async Task InitializeAsync()
    {
        tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(PlatformTelemetry.Name, "Microsoft.AspNetCore", "Microsoft.DurableTask")
            .AddInMemoryExporter(spans)
            .Build();
        await azurite.InitializeAsync();
        Host = await StandaloneHost.StartAsync([], StandaloneFixture.Settings(azurite.ConnectionString, DataDirectory, "tr" + Guid.NewGuid().ToString("n")[..12]));
        Http = new HttpClient { BaseAddress = new Uri(Host.Url) };
    }

    /// <summary>Every span ended so far.</summary>
    public IReadOnlyList<Activity> Spans()
    {
        tracer!.ForceFlush();
        lock (spans)
        {
            return [.. spans];
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        tracer?.Dispose();
        await azurite.DisposeAsync();
    }
}
