using AiNative.Orchestrations.Agents;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>Memory lives in storage, not in the worker: a session continues after its host stops and a new one starts.</summary>
public sealed class MemoryRestartTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private readonly string data = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));

    public Task InitializeAsync() => azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        await azurite.DisposeAsync();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // Still open by a finishing activity: the OS cleans temp.
        }
    }

    [Fact]
    public async Task A_session_remembers_earlier_turns_after_the_host_restarts()
    {
        var id = $"session-{Guid.NewGuid():N}";
        await using (var first = await StartHostAsync())
        {
            await StartSessionAsync(first.Client, id);
            await first.Client.RaiseEventAsync(id, AgentSession.MessageEvent, new SessionMessage("m1", "Incident INC-4242 is about checkout-api returning 503 errors.", "tester@example.com"));
            await WaitForTurnAsync(first.Client, id, 1);
        }

        await using var second = await StartHostAsync();
        var memory = second.Services.GetRequiredService<IConversationMemory>();
        var remembered = await memory.ReadAsync(id);
        Assert.Contains(remembered, m => m.Message.Role == ConversationRoles.User && m.Message.Text.Contains("INC-4242", StringComparison.Ordinal));

        // The in-memory engine lost the orchestration with the first host; the same session id picks its memory up again.
        await StartSessionAsync(second.Client, id);
        await second.Client.RaiseEventAsync(id, AgentSession.MessageEvent, new SessionMessage("m2", "What was the incident number again?", "tester@example.com"));
        await WaitForTurnAsync(second.Client, id, 1);

        var after = await memory.ReadAsync(id);
        Assert.Equal(Enumerable.Range(1, after.Count), after.Select(m => m.Sequence));
        Assert.True(after.Count > remembered.Count);
        var window = await second.Services.GetRequiredService<ConversationContext>().WindowAsync(id);
        Assert.Contains(window.Messages, m => m.Message.Text.Contains("INC-4242", StringComparison.Ordinal));
        Assert.Contains(window.Messages, m => m.Message.Text.Contains("incident number again", StringComparison.Ordinal));
    }

    private Task<DurableTaskTestHost> StartHostAsync()
    {
        var configuration = TestConfiguration.Build(azurite.ConnectionString, data);
        return DurableTaskTestHost.StartAsync(
            registry => registry.AddAiNativeFunctions(),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddAiNativePlatform(configuration);
                },
            });
    }

    private static async Task StartSessionAsync(DurableTaskClient client, string id) =>
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AgentSession),
            new SessionState(id, AgentCatalog.Assistant, "tester@example.com", AgentTestSupport.Policy(), 10, TimeSpan.FromMinutes(10)),
            new StartOrchestrationOptions(id));

    private static Task WaitForTurnAsync(DurableTaskClient client, string id, int turns) =>
        Eventually.TrueAsync(
            async () => (await client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<SessionProgress>() is { Step: SessionSteps.WaitingForMessage } p && p.Turns >= turns,
            $"session {id} to finish turn {turns}");
}
