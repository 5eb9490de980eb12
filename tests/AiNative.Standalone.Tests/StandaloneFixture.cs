using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Testing;

namespace AiNative.Standalone.Tests;

/// <summary>The Standalone host, started for real (Durable Task engine on Azure Storage over a private Azurite), on a free port.</summary>
public sealed class StandaloneFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly AzuriteFixture azurite = new();

    public StandaloneHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));

    public string TaskHub { get; } = "t" + Guid.NewGuid().ToString("n")[..12];

    public string StorageConnection => azurite.ConnectionString;

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Host = await StandaloneHost.StartAsync([], Settings(azurite.ConnectionString, DataDirectory, TaskHub));
        Http = new HttpClient { BaseAddress = new Uri(Host.Url) };
    }

    /// <summary>The settings a test host runs with.</summary>
    public static Dictionary<string, string?> Settings(string storage, string dataDirectory, string taskHub) => new()
    {
        ["urls"] = $"http://127.0.0.1:{AiNative.Platform.Storage.Local.AzuriteLauncher.FreePort()}",
        ["AzureWebJobsStorage"] = storage,
        ["AiNative:DataDirectory"] = dataDirectory,
        ["AiNative:CatalogDirectory"] = TestConfiguration.CatalogDirectory,
        ["AINATIVE_TASK_HUB"] = taskHub,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await azurite.DisposeAsync();
    }

    /// <summary>Polls <c>GET /api/runs/{id}</c> until the predicate holds.</summary>
    public Task<JsonElement> WaitForRunAsync(string id, Func<JsonElement, bool> until, string what) =>
        WaitForJsonAsync($"/api/runs/{id}", until, what);

    public Task<JsonElement> WaitForJsonAsync(string path, Func<JsonElement, bool> until, string what) => WaitForJsonAsync(Http, path, until, what);

    /// <summary>Polls <paramref name="path"/> on any host until the predicate holds.</summary>
    public static async Task<JsonElement> WaitForJsonAsync(HttpClient http, string path, Func<JsonElement, bool> until, string what)
    {
        JsonElement last = default;
        return await Eventually.GetAsync<object>(async () =>
        {
            using var response = await http.GetAsync(path);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            last = await response.Content.ReadFromJsonAsync<JsonElement>();
            return until(last) ? last : null;
        }, what, TimeSpan.FromSeconds(120)) is JsonElement e ? e : last;
    }
}
