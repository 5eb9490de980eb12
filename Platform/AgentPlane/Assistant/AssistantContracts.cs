using System.Text.Json;

namespace AiNative.Platform.AgentPlane.Assistant;

/// <summary>
/// One model step of the assistant's tool loop: the session whose memory holds the conversation, the turn it belongs
/// to (<paramref name="TurnId"/>, an orchestration instance id), the step number, the agent, the tools it may use, and
/// how many tool calls the turn already made (the policy's call budget counts them).
/// </summary>
public sealed record AssistantStepRequest(string SessionId, string TurnId, int Step, string Agent, IReadOnlyList<string> Tools, int ToolCallsSoFar = 0);

/// <summary>
/// What the model decided: a final <see cref="Reply"/>, or tool calls to run first. <see cref="Mode"/> says whether a
/// tool-calling model decided (<c>model</c>) or the offline development fallback did (<c>fallback</c>).
/// </summary>
public sealed record AssistantStep(string? Reply, IReadOnlyList<PlannedToolCall> ToolCalls, string Model, string Mode, int WindowTokens, int OmittedMessages);

/// <summary>
/// A tool call the model asked for: its id, the tool, the arguments (JSON object), the tool's risk, and what the
/// agent's guardrail policy decided for it (<see cref="ToolGuardDecisions"/>, why, and which policy) — decided in the
/// planning activity, so the verdict is recorded in history and replays the same way.
/// </summary>
public sealed record PlannedToolCall(string CallId, string Tool, JsonElement Arguments, string Risk)
{
    public string Guard { get; init; } = ToolGuardDecisions.Allow;

    public string? GuardReason { get; init; }

    public string? GuardPolicy { get; init; }
}

/// <summary>Values of <see cref="PlannedToolCall.Guard"/>.</summary>
public static class ToolGuardDecisions
{
    public const string Allow = "allow";
    public const string RequireApproval = "require_approval";
    public const string Block = "block";
}

/// <summary>Values of <see cref="AssistantStep.Mode"/>.</summary>
public static class AssistantModes
{
    public const string Model = "model";
    public const string Fallback = "fallback";
}
