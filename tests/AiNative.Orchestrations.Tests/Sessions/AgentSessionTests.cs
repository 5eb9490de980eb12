using AiNative.Orchestrations.Agents;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using static AiNative.Orchestrations.Tests.Sessions.AgentTestSupport;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>Long-running sessions: messages as external events, one turn each, ContinueAsNew keeping history bounded.</summary>
[Collection(DurableCollection.Name)]
public sealed class AgentSessionTests(DurableHostFixture host, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Continue_as_new_keeps_the_session_history_bounded_while_memory_keeps_every_turn()
    {
        const int perGeneration = 2;
        var id = $"session-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AgentSession), new SessionState(id, AgentCatalog.Assistant, "tester@example.com", Policy(), perGeneration, TimeSpan.FromMinutes(10)), new StartOrchestrationOptions(id));

        // The in-process test host answers GetOrchestrationHistoryAsync with no events, so the bound is shown by what
        // ContinueAsNew carries: the generation count and an input that does not grow with the conversation.
        var inputSizes = new List<int>();
        for (var turn = 1; turn <= 6; turn++)
        {
            await host.Client.RaiseEventAsync(id, AgentSession.MessageEvent, new SessionMessage($"m{turn}", $"Message number {turn}: what is the status of payments-api?", "tester@example.com"));
            await WaitForTurnsAsync(id, turn);
            inputSizes.Add((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.SerializedInput!.Length);
        }

        output.WriteLine($"session input (carried state) length after each turn, 2 turns per generation: {string.Join(", ", inputSizes)}");
        var progress = (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadCustomStatusAs<SessionProgress>()!;
        Assert.Equal(6, progress.Turns);
        Assert.Equal(3, progress.Generation);
        Assert.True(inputSizes.Max() - inputSizes.Min() < 20, $"carried state grew: {string.Join(", ", inputSizes)}");
        Assert.True(inputSizes.Max() < 1000, $"carried state lengths: {string.Join(", ", inputSizes)}");

        var memory = await MemoryAsync(host, id);
        Assert.Equal(6, memory.Count(m => m.Message.Role == ConversationRoles.User));
        Assert.Contains(memory, m => m.Message.Text.Contains("Message number 1", StringComparison.Ordinal));
        await host.Client.RaiseEventAsync(id, AgentSession.MessageEvent, new SessionMessage("end", AgentSession.EndCommand, "tester@example.com"));
        var end = await CompleteAsync<SessionEnd>(host, id);
        Assert.Equal(("ended by user", 6), (end.Reason, end.Turns));
    }

    [Fact]
    public async Task An_idle_session_closes_itself()
    {
        var id = $"session-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AgentSession), new SessionState(id, AgentCatalog.Assistant, "tester@example.com", Policy(), 5, TimeSpan.FromSeconds(2)), new StartOrchestrationOptions(id));

        var end = await CompleteAsync<SessionEnd>(host, id);

        Assert.Equal(("idle", 0), (end.Reason, end.Turns));
    }

    private async Task WaitForTurnsAsync(string id, int turns) =>
        await Eventually.TrueAsync(
            async () => (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<SessionProgress>() is { Step: SessionSteps.WaitingForMessage } p && p.Turns >= turns,
            $"session {id} to finish turn {turns}");
}
