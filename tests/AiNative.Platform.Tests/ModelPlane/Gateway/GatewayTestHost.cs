using AiNative.Platform.ModelPlane;
using AiNative.Platform.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>The real model plane (AddModelPlane) over a temporary catalog whose models.yaml points at a loopback server, on a fake clock.</summary>
internal sealed class GatewayTestHost : IAsyncDisposable
{
    /// <summary>Two remote models in the OpenAI and Azure OpenAI wire formats, falling back to each other's chain, then the offline model.</summary>
    public const string TwoModels = """
        default: primary
        models:
          - id: primary
            provider: openai-compatible
            capabilities: [chat, json_schema]
            context_window: 8000
            token_cost: { input: 0.001, output: 0.002 }
            regions: [eu-west]
            compliance: [gdpr]
            fallbacks: [secondary]
            endpoint: {BASE}
            api_key_setting: PRIMARY_KEY
          - id: secondary
            provider: azure-openai
            deployment: secondary-deployment
            capabilities: [chat, json_schema]
            context_window: 8000
            token_cost: { input: 0.0001, output: 0.0002 }
            regions: [eu-west]
            compliance: [gdpr]
            endpoint: {ROOT}
            api_key_setting: AZURE_KEY
        """;

    private readonly ServiceProvider services;

    private GatewayTestHost(ServiceProvider services, string catalog, FakeTimeProvider time)
    {
        this.services = services;
        Catalog = catalog;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public string Catalog { get; }

    public IServiceProvider Services => services;

    public IChatClient Chat => services.GetRequiredService<IChatClient>();

    public IModelGateway Gateway => services.GetRequiredService<IModelGateway>();

    public static GatewayTestHost Start(OpenAICompatibleServer server, string modelsYaml = TwoModels, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var catalog = WriteCatalog(modelsYaml.Replace("{BASE}", server.BaseAddress.ToString(), StringComparison.Ordinal).Replace("{ROOT}", server.Root.ToString(), StringComparison.Ordinal));
        var all = new Dictionary<string, string?>
        {
            ["AiNative:CatalogDirectory"] = catalog,
            ["PRIMARY_KEY"] = "primary-key",
            ["AZURE_KEY"] = "azure-key",
            ["Gateway:CachePersistent"] = "false",
            ["Gateway:Resilience:BaseDelay"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddOptions<PlatformOptions>().Bind(configuration.GetSection(PlatformOptions.Section));
        if (configuration[StorageAccount.ConnectionSetting] is { Length: > 0 } connection)
        {
            collection.AddSingleton(new StorageAccount(connection));
        }

        configure?.Invoke(collection);
        collection.AddModelPlane(configuration);
        return new GatewayTestHost(collection.BuildServiceProvider(), catalog, time);
    }

    /// <summary>A catalog folder with the repository's prompts and the given models.yaml.</summary>
    public static string WriteCatalog(string modelsYaml)
    {
        var catalog = Path.Combine(Path.GetTempPath(), "ainative-gateway-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path.Combine(catalog, "prompts"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ModelPlaneTestSupport.FindCatalog(), "prompts")))
        {
            File.Copy(file, Path.Combine(catalog, "prompts", Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(catalog, "models.yaml"), modelsYaml);
        return catalog;
    }

    /// <summary>Advances the fake clock in small steps until the task ends (retries and backoffs wait on it).</summary>
    public async Task<T> DriveAsync<T>(Task<T> call, TimeSpan step, int maxSteps = 200)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; i < maxSteps && !call.IsCompleted; i++)
        {
            await Task.WhenAny(call, Task.Delay(20));
            if (!call.IsCompleted)
            {
                Time.Advance(step);
            }
        }

        return await call;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        try
        {
            Directory.Delete(Catalog, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
