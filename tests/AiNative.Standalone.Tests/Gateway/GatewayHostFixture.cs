using AiNative.Platform.Tests.ModelPlane;
using AiNative.Testing;

namespace AiNative.Standalone.Tests.Gateway;

/// <summary>The real Standalone host whose default model is a loopback OpenAI-compatible server, with two gateway tenants.</summary>
public class GatewayHostFixture : IAsyncLifetime
{
    public const string AcmeKey = "sk-acme-test-key";
    public const string LimitedKey = "sk-limited-test-key";
    public const string Answer = "Refunds to cards take five business days after approval.";
    public const string Model = "gpt-loopback";

    private readonly AzuriteFixture azurite = new();
    private OpenAICompatibleServer? server;

    public StandaloneHost Host { get; private set; } = null!;

    public Uri BaseAddress => new(Host.Url.TrimEnd('/') + "/api/v1/");

    internal OpenAICompatibleServer Server => server!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = Answer;
        var settings = StandaloneFixture.Settings(azurite.ConnectionString, DataDirectory, "g" + Guid.NewGuid().ToString("n")[..12]);
        settings["Models:Provider"] = "openai-compatible";
        settings["Models:Endpoint"] = server.BaseAddress.ToString();
        settings["Models:ApiKey"] = "upstream-key";
        settings["Models:ChatModel"] = Model;
        settings["Gateway:Tenants:acme:ApiKey"] = AcmeKey;
        settings["Gateway:Tenants:limited:ApiKey"] = LimitedKey;
        settings["Gateway:Tenants:limited:RequestsPerMinute"] = "1";
        Configure(settings);
        Host = await StandaloneHost.StartAsync([], settings);
    }

    /// <summary>Settings a derived fixture changes before the host starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        await azurite.DisposeAsync();
    }
}
