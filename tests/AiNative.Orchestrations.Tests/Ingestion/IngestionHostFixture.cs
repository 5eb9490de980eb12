using AiNative.Orchestrations.Hosting;
using AiNative.Platform;
using AiNative.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AiNative.Orchestrations.Tests.Ingestion;

/// <summary>
/// The durable test host with the real platform over a private Azurite, set up for ingestion: tiny chunks and
/// one chunk per batch so a short document fans out over more batches than the orchestration runs at once.
/// Falls back to a hashing embedding generator only when no model plane registered one.
/// </summary>
public sealed class IngestionHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private DurableTaskTestHost? host;

    public DurableTaskClient Client => Host.Client;

    public IServiceProvider Services => Host.Services;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));

    private DurableTaskTestHost Host => host ?? throw new InvalidOperationException("The durable host is not started.");

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var configuration = TestConfiguration.Build(azurite.ConnectionString, DataDirectory, new Dictionary<string, string?>
        {
            ["Ingestion:ChunkSize"] = "100",
            ["Ingestion:ChunkOverlap"] = "10",
            ["Ingestion:BatchSize"] = "1",
        });
        host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddAiNativeFunctions(),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddAiNativePlatform(configuration);
                    services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbeddingGenerator());
                },
            });
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
            // The knowledge store's pooled connection may still hold the file; the OS cleans temp folders.
        }
    }
}
