using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Platform;
using AiNative.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Standalone.Tests;

/// <summary>
/// What the kill/restart tests share: one data directory, task hub and URL that a Standalone process can be SIGKILLed
/// on and started again on, an HTTP client to it, and the billing run they drive through the crash.
/// </summary>
internal sealed class RestartableHost : IDisposable
{
    public const string BillingRequest = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250";

    private readonly string storage;

    public RestartableHost(AzuriteFixture azurite)
    {
        storage = azurite.ConnectionString;
        DataDirectory = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));
        Settings = StandaloneFixture.Settings(storage, DataDirectory, "k" + Guid.NewGuid().ToString("n")[..12]);
        Http = new HttpClient { BaseAddress = new Uri(Settings["urls"]!) };
    }

    public string DataDirectory { get; }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    public Dictionary<string, string?> Settings { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a host process on <see cref="Settings"/> (or <paramref name="settings"/>) and waits until it answers.</summary>
    public async Task<StandaloneProcess> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var process = StandaloneProcess.Start(settings ?? Settings);
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    return (await Http.GetAsync("/api/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the Standalone host to answer", TimeSpan.FromMinutes(2));
            return process;
        }
        catch
        {
            // A host that never answered must not outlive the test.
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts the billing-resolution agent on <see cref="BillingRequest"/>; returns the run id.</summary>
    public async Task<string> StartBillingRunAsync()
    {
        using var start = await Http.PostAsJsonAsync("/api/agents/billing-resolution/runs", new { input = BillingRequest });
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Waits until run <paramref name="id"/> completed or failed; returns the run as the API shows it.</summary>
    public async Task<JsonElement> WaitForRunToFinishAsync(string id, TimeSpan limit)
    {
        var done = await Eventually.GetAsync(async () =>
        {
            var run = await Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
            return run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" ? (object)run : null;
        }, "the run to complete after the restart", limit);
        return (JsonElement)done;
    }

    /// <summary>The platform's services on the same storage and data directory, to check what the host wrote.</summary>
    public ServiceProvider PlatformServices() =>
        new ServiceCollection().AddLogging().AddAiNativePlatform(TestConfiguration.Build(storage, DataDirectory)).BuildServiceProvider();

    public void Dispose() => Http.Dispose();
}
