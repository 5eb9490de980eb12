using AiNative.Api;
using AiNative.Api.Tools;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Storage;
using AiNative.Platform.Storage.Local;
using AiNative.Platform.Telemetry;
using AiNative.Standalone.Durable;
using AiNative.Standalone.Local;
using AiNative.Standalone.Queues;
using AiNative.Standalone.Telemetry;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

namespace AiNative.Standalone;

/// <summary>Adapts a synchronous disposable to the host's list of parts.</summary>
internal sealed class DisposeOnce(IDisposable inner) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        inner.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The platform on one machine without the Functions host: Azurite (started if needed), the Durable Task engine
/// on Azure Storage, the product's orchestrations and activities, the ingest queue poller, and the HTTP API.
/// </summary>
public sealed class StandaloneHost : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    private readonly List<IAsyncDisposable> parts = [];

    private StandaloneHost(WebApplication app) => App = app;

    /// <summary>The HTTP API host.</summary>
    public WebApplication App { get; }

    /// <summary>The address the API listens on (the real port when configured with port 0).</summary>
    public string Url =>
        App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? App.Urls.First();

    /// <summary>Builds and starts every part. <paramref name="settings"/> override configuration (tests use them).</summary>
    public static Task<StandaloneHost> StartAsync(string[] args, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default) =>
        StartAsync(args, settings, configureServices: null, cancellationToken);

    /// <summary>
    /// Builds and starts every part; <paramref name="configureServices"/> adds services after the product's own and before
    /// logging is put behind PII redaction (tests add tool handlers and log sinks this way).
    /// </summary>
    public static async Task<StandaloneHost> StartAsync(string[] args, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(LocalSettingsFile.Read(Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json")));
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var configuration = builder.Configuration;
        var dataDirectory = Path.GetFullPath(configuration["AiNative:DataDirectory"] ?? ".ainative");
        configuration["AiNative:DataDirectory"] = dataDirectory;
        // Outlives this method: the Durable Task engine logs through it until the host is disposed. Console output passes
        // the same PII redaction as exported telemetry.
        var loggerFactory = LoggerFactory.Create(b => b.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true).RedactPii());
        var disposables = new List<IAsyncDisposable> { new DisposeOnce(loggerFactory) };
        try
        {
            // 1. Storage: the configured account, or a local Azurite with its data under the data folder.
            if (string.IsNullOrWhiteSpace(configuration[StorageAccount.ConnectionSetting]) || configuration[StorageAccount.ConnectionSetting] == "UseDevelopmentStorage=true")
            {
                var azurite = await new AzuriteLauncher(loggerFactory.CreateLogger<AzuriteLauncher>())
                    .StartAsync(AzuritePorts.Default, Path.Combine(dataDirectory, "azurite"), cancellationToken: cancellationToken).ConfigureAwait(false);
                disposables.Add(azurite);
                configuration[StorageAccount.ConnectionSetting] = azurite.ConnectionString;
            }

            // 2. The approval-link signing key: generated and kept locally when not configured.
            if (string.IsNullOrWhiteSpace(configuration["Approvals:SigningKey"]))
            {
                configuration["Approvals:SigningKey"] = LocalSecrets.GetOrCreate(dataDirectory, "approval-signing-key");
            }

            // The PII hash and encryption keys, the same way (pseudonyms and encrypted values survive restarts).
            foreach (var (setting, file) in new[] { ("Guardrails:Pii:HashKey", "pii-hash-key"), ("Guardrails:Pii:EncryptionKey", "pii-encryption-key") })
            {
                if (string.IsNullOrWhiteSpace(configuration[setting]))
                {
                    configuration[setting] = LocalSecrets.GetOrCreate(dataDirectory, file);
                }
            }

            // Optional local telemetry viewer (Telemetry__Dashboard=true).
            if (await StandaloneTelemetryExtensions.StartDashboardIfConfiguredAsync(configuration, loggerFactory, cancellationToken).ConfigureAwait(false) is { } dashboard)
            {
                disposables.Add(dashboard);
            }

            // 3. The Durable Task engine (Azure Storage backend) behind the Durable Task gRPC protocol.
            var maxActivities = configuration.GetValue(DurableSidecar.MaxConcurrentActivitiesSetting, DurableSidecar.DefaultMaxConcurrentActivities);
            if (maxActivities < 1)
            {
                throw new InvalidOperationException($"{DurableSidecar.MaxConcurrentActivitiesSetting} must be at least 1 (it is {maxActivities}).");
            }

            var sidecar = await DurableSidecar.StartAsync(configuration[StorageAccount.ConnectionSetting]!, configuration["AINATIVE_TASK_HUB"] ?? "ainative", maxActivities, loggerFactory, cancellationToken).ConfigureAwait(false);
            disposables.Add(sidecar);
            var durableAddress = DurableSidecar.AddressOf(sidecar);

            // 4. The app: platform services, the worker with every orchestration and activity, the client, the API.
            var url = configuration["urls"] is { Length: > 0 } configured ? configured.Split(';')[0] : DefaultUrl;
            builder.WebHost.UseUrls(url);
            if (string.IsNullOrWhiteSpace(configuration["AiNative:PublicBaseUrl"]))
            {
                // Links in e-mails point at this host unless a public address is configured.
                configuration["AiNative:PublicBaseUrl"] = url.TrimEnd('/');
            }

            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
            builder.Services.AddAiNativePlatform(configuration);
            builder.Services.AddAiNativeApi();
            builder.Services.AddMcpToolServer(configuration);
            builder.Services.AddStandaloneTelemetry(configuration);
            builder.Services.AddDurableTaskWorker(b => b.AddTasks(r => r.AddAiNativeFunctions()).UseGrpc(durableAddress).Configure(o => o.DataConverter = DurableJson.Converter));
            builder.Services.AddDurableTaskClient(b => b.UseGrpc(durableAddress).Configure(o => o.DataConverter = DurableJson.Converter));
            builder.Services.AddHostedService<IngestQueuePoller>();
            builder.Services.AddHostedService<KnowledgeExpirySweeper>();
            configureServices?.Invoke(builder.Services);
            builder.Logging.RedactPii();
            var app = builder.Build();
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.MapAiNativeApi();
            app.MapMcpTools();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var host = new StandaloneHost(app);
            host.parts.AddRange(disposables);
            return host;
        }
        catch
        {
            foreach (var part in Enumerable.Reverse(disposables))
            {
                await part.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Where approval e-mails are written, for the start-up banner.</summary>
    public string MailPickupDirectory => App.Services.GetRequiredService<PickupDirectoryEmailNotifier>().PickupDirectory;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        foreach (var part in Enumerable.Reverse(parts))
        {
            await part.DisposeAsync().ConfigureAwait(false);
        }
    }
}
