namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>
/// The durable test host with the default chat model served by <see cref="ToolCallingModelServer"/> through the real
/// OpenAI SDK (provider openai-compatible), so the assistant takes the tool-calling path; at most 3 steps per turn.
/// </summary>
public class ToolModelHostFixture : DurableHostFixture, IAsyncLifetime
{
    public const int MaxSteps = 3;

    public ToolCallingModelServer Server { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Models:Provider"] = "openai-compatible",
        ["Models:Endpoint"] = Server.BaseAddress.ToString(),
        ["Models:ChatModel"] = "gpt-test",
        ["Models:ApiKey"] = "test-key",
        ["Agents:MaxStepsPerTurn"] = MaxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:CacheEnabled"] = "false",
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        Server = await ToolCallingModelServer.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Server.DisposeAsync();
    }
}
