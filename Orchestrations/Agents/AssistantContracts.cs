namespace AiNative.Orchestrations.Agents;

/// <summary>One user turn of the assistant: the session (memory), the run it belongs to, the redacted message, who asks, and the approval policy.</summary>
public sealed record AssistantTurnRequest(string SessionId, string RunId, string Agent, string Message, string RequestedBy, AgentRunPolicy Policy);

/// <summary>How a turn ended: the reply, the model steps taken, whether the step limit stopped it, and every tool call.</summary>
public sealed record AssistantTurnResult(
    string SessionId,
    string Reply,
    int Steps,
    bool StoppedAtLimit,
    IReadOnlyList<ToolCallTrace> ToolCalls,
    string Model,
    string Mode);

/// <summary>One tool call of a turn: the tool, its outcome (<c>succeeded</c>, the error code, or <c>approval_denied</c>) and the approval asked for it.</summary>
public sealed record ToolCallTrace(string Tool, string Outcome, string? ApprovalId = null, string? ApprovalDecision = null, string? DecidedBy = null);

/// <summary>Custom status of an assistant turn: the step and, while waiting for a person, the approval id.</summary>
public sealed record AssistantProgress(string Agent, string Step, int ModelStep, string? Tool = null, string? ApprovalId = null);

/// <summary>Values of <see cref="ToolCallTrace.Outcome"/> besides a tool's own error codes.</summary>
public static class ToolCallOutcomes
{
    public const string Succeeded = "succeeded";

    /// <summary>A person denied (or did not answer) the approval a high-risk tool needs; the tool did not run.</summary>
    public const string ApprovalDenied = "approval_denied";

    /// <summary>The agent's guardrail policy refused the call (call budget, or a risky call after untrusted content); the tool did not run.</summary>
    public const string BlockedByPolicy = "blocked_by_policy";
}
