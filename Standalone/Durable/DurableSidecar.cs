using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace AiNative.Standalone.Durable;

/// <summary>
/// The Durable Task engine for local runs: the Azure Storage backend (the same one Durable Functions uses)
/// behind the Durable Task gRPC protocol on a loopback port, so the product's worker and client talk to it
/// exactly as they talk to a Durable Functions or Durable Task Scheduler backend.
/// </summary>
internal static class DurableSidecar
{
    /// <summary>Configuration key of the activity concurrency limit (<c>Durable__MaxConcurrentActivities</c>).</summary>
    public const string MaxConcurrentActivitiesSetting = "Durable:MaxConcurrentActivities";

    /// <summary>
    /// Activities one host runs at once unless configured: twice the cores, at least 4. The backend's default (10 per core)
    /// dequeued every ingestion batch at once; with the local model encoding one batch at a time, the last ones waited longer
    /// than <see cref="AzureStorageOrchestrationServiceSettings.WorkItemQueueVisibilityTimeout"/> and ran twice. Work beyond
    /// the limit waits in the work-item queue, where waiting is free.
    /// </summary>
    public static int DefaultMaxConcurrentActivities => Math.Max(4, 2 * Environment.ProcessorCount);

    public static async Task<WebApplication> StartAsync(string storageConnection, string taskHub, int maxConcurrentActivities, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentActivities, 1);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnection),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            // A killed process's in-flight work reappears after these, instead of the 5-minute defaults.
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(2),
            PartitionCount = 4,
            MaxConcurrentTaskActivityWorkItems = maxConcurrentActivities,
            LoggerFactory = loggerFactory,
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);

        var port = Platform.Storage.Local.AzuriteLauncher.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new SerializableTagsOrchestrationService(service, renewEvery: settings.WorkItemQueueVisibilityTimeout / 2));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>The gRPC address of a started sidecar.</summary>
    public static string AddressOf(WebApplication sidecar) => sidecar.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
}
