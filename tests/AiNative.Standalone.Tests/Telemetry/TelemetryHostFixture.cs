using System.Diagnostics;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform;
using AiNative.Platform.Telemetry;
using AiNative.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.DurableTask.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>
/// The product's orchestrations on the in-process Durable Task test host with the real platform (Azurite) and the
/// hosts' telemetry wiring, exporting spans and metrics to memory.
/// </summary>
public sealed class TelemetryHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private DurableTaskTestHost? host;

    public List<Activity> Spans { get; } = [];

    /// <summary>The metrics of the latest export (see <see cref="Sum"/>).</summary>
    public List<Metric> Metrics { get; } = [];

    public DurableTaskClient Client => Host.Client;

    public IServiceProvider Services => Host.Services;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));

    private DurableTaskTestHost Host => host ?? throw new InvalidOperationException("The durable host is not started.");

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var configuration = TestConfiguration.Build(azurite.ConnectionString, DataDirectory);
        host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddAiNativeFunctions(),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddAiNativePlatform(configuration);
                    services.AddAiNativeTelemetry(configuration, "ainative-tests")
                        .WithTracing(t => t.AddInMemoryExporter(Spans))
                        .WithMetrics(m => m.AddInMemoryExporter(Metrics));
                },
            });

        // The providers are built lazily; build them now so the first run is already listened to.
        _ = host.Services.GetRequiredService<TracerProvider>();
        _ = host.Services.GetRequiredService<MeterProvider>();
    }

    /// <summary>Exports what has been recorded so far and returns a snapshot of the spans.</summary>
    public IReadOnlyList<Activity> Flush()
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (Spans)
        {
            return [.. Spans];
        }
    }

    /// <summary>The cumulative sum of a counter's points whose tags match, as exported now.</summary>
    public long Sum(string metric, params (string Key, string Value)[] tags)
    {
        // Each export appends the cumulative totals: keep only the latest one.
        Metrics.Clear();
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        long total = 0;
        foreach (var m in Metrics.ToList().Where(m => m.Name == metric))
        {
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v?.ToString(), t.Value)))
                {
                    total += m.MetricType == MetricType.LongSum ? point.GetSumLong() : (long)point.GetSumDouble();
                }
            }
        }

        return total;
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await azurite.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing activity: the temp folder is cleaned by the OS.
        }
    }
}
