using AiNative.Activities.Sessions;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.AgentPlane.Memory;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Agents;

/// <summary>
/// A long-running conversation with the assistant: waits for the user's next message (external event
/// <see cref="MessageEvent"/>), runs the turn as a sub-orchestration, and after <see cref="SessionState.TurnsPerGeneration"/>
/// turns continues as new, carrying only the session id (memory lives in storage), so its history stays bounded.
/// A session with no message for <see cref="SessionState.IdleTimeout"/>, or the message <c>/end</c>, closes.
/// </summary>
public static class AgentSession
{
    /// <summary>The external event carrying a user's message.</summary>
    public const string MessageEvent = "UserMessage";

    /// <summary>A message with this text closes the session.</summary>
    public const string EndCommand = "/end";

    [Function(nameof(AgentSession))]
    public static Task<SessionEnd> Run([OrchestrationTrigger] TaskOrchestrationContext context, SessionState state) =>
        OrchestratorFailures.Redacted(() => RunCore(context, state));

    private static async Task<SessionEnd> RunCore(TaskOrchestrationContext context, SessionState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        for (var i = 0; i < state.TurnsPerGeneration; i++)
        {
            Status(context, state, SessionSteps.WaitingForMessage);
            SessionMessage message;
            try
            {
                message = await context.WaitForExternalEvent<SessionMessage>(MessageEvent, state.IdleTimeout);
            }
            catch (TaskCanceledException)
            {
                Status(context, state, SessionSteps.Closed);
                return new SessionEnd(state.SessionId, "idle", state.TurnsCompleted);
            }

            if (string.Equals(message.Text.Trim(), EndCommand, StringComparison.OrdinalIgnoreCase))
            {
                Status(context, state, SessionSteps.Closed);
                return new SessionEnd(state.SessionId, "ended by user", state.TurnsCompleted);
            }

            var turn = state.TurnsCompleted + 1;
            var turnId = $"{state.SessionId}-turn-{turn}";
            Status(context, state, SessionSteps.RunningTurn, turnId, message.MessageId);
            try
            {
                await context.CallSubOrchestratorAsync<AssistantTurnResult>(
                    nameof(AssistantTurn),
                    new AssistantTurnRequest(state.SessionId, turnId, state.Agent, message.Text, message.From, state.Policy),
                    new SubOrchestrationOptions { InstanceId = turnId });
            }
            catch (TaskFailedException e)
            {
                // A failed turn must not end the conversation: say so in memory and wait for the next message.
                await context.CallActivityAsync<int>(nameof(RememberMessages), new MemoryAppend(
                    state.SessionId, state.Agent, $"{turnId}:failed", [ConversationMessage.Assistant($"That turn failed ({e.FailureDetails.ErrorType}); please try again.")]));
            }

            state = state with { TurnsCompleted = turn, LastMessageId = message.MessageId };
        }

        // Messages that arrived during the last turn stay queued for the next generation.
        context.ContinueAsNew(state with { Generation = state.Generation + 1 }, preserveUnprocessedEvents: true);
        return new SessionEnd(state.SessionId, "continued as new", state.TurnsCompleted);
    }

    private static void Status(TaskOrchestrationContext context, SessionState state, string step, string? turnId = null, string? messageId = null) =>
        context.SetCustomStatus(new SessionProgress(state.SessionId, state.Agent, step, state.TurnsCompleted, state.Generation, turnId, messageId ?? state.LastMessageId));
}

/// <summary>
/// What a session orchestration carries across ContinueAsNew: a reference to its memory (the session id), not the
/// conversation. <see cref="TurnsPerGeneration"/> and <see cref="IdleTimeout"/> are fixed when the session starts.
/// </summary>
public sealed record SessionState(
    string SessionId,
    string Agent,
    string RequestedBy,
    AgentRunPolicy Policy,
    int TurnsPerGeneration,
    TimeSpan IdleTimeout,
    int TurnsCompleted = 0,
    int Generation = 0,
    string? LastMessageId = null);

/// <summary>A user's message to a session (redacted at the edge).</summary>
public sealed record SessionMessage(string MessageId, string Text, string From);

/// <summary>Custom status of a session: the step, turns so far, the generation (ContinueAsNew count), the running turn.</summary>
public sealed record SessionProgress(string SessionId, string Agent, string Step, int Turns, int Generation, string? TurnId = null, string? LastMessageId = null);

/// <summary>How a session closed.</summary>
public sealed record SessionEnd(string SessionId, string Reason, int Turns);

/// <summary>Values of <see cref="SessionProgress.Step"/>.</summary>
public static class SessionSteps
{
    public const string WaitingForMessage = "waiting_for_message";
    public const string RunningTurn = "running_turn";
    public const string Closed = "closed";
}
