using AiNative.Orchestrations.Hosting;
using AiNative.Platform;
using AiNative.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiNative.Orchestrations.Tests;

/// <summary>
/// The product's orchestrations and activities on the in-process Durable Task test host (real replay, timers,
/// events), with the real platform services over a private Azurite and a temporary data folder.
/// </summary>
public class DurableHostFixture : IAsyncLifetime
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
        var configuration = TestConfiguration.Build(azurite.ConnectionString, DataDirectory, Overrides);
        host = await DurableTaskTestHost.StartAsync(
            Register,
            new DurableTaskTestHostOptions
            {
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddAiNativePlatform(configuration);
                    ConfigureServices(services);
                },
            });
    }

    /// <summary>The orchestrations and activities the host runs; a derived fixture may add test-only ones.</summary>
    protected virtual void Register(DurableTaskRegistry registry) => registry.AddAiNativeFunctions();

    /// <summary>Services a derived fixture replaces after the platform's registrations.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Settings a derived fixture changes from the embedded defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>();

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
