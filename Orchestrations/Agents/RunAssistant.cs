using AiNative.Orchestrations.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Agents;

/// <summary>
/// One run of the general assistant (<c>POST /api/agents/assistant/runs</c>): a single turn of the tool loop, in the
/// given session's memory (or a memory of its own when no session is named).
/// </summary>
public static class RunAssistant
{
    [Function(nameof(RunAssistant))]
    public static Task<AssistantTurnResult> Run([OrchestrationTrigger] TaskOrchestrationContext context, AgentRunRequest run) =>
        OrchestratorFailures.Redacted(() => RunCore(context, run));

    private static Task<AssistantTurnResult> RunCore(TaskOrchestrationContext context, AgentRunRequest run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var sessionId = run.SessionId ?? context.InstanceId;
        return AssistantLoop.RunTurnAsync(context, new AssistantTurnRequest(sessionId, context.InstanceId, run.Agent, run.Input, run.RequestedBy, run.Policy));
    }
}

/// <summary>One turn of a long-running session, as a sub-orchestration so the session's own history stays small.</summary>
public static class AssistantTurn
{
    [Function(nameof(AssistantTurn))]
    public static Task<AssistantTurnResult> Run([OrchestrationTrigger] TaskOrchestrationContext context, AssistantTurnRequest turn) =>
        OrchestratorFailures.Redacted(() => RunCore(context, turn));

    private static Task<AssistantTurnResult> RunCore(TaskOrchestrationContext context, AssistantTurnRequest turn)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(turn);
        return AssistantLoop.RunTurnAsync(context, turn);
    }
}
