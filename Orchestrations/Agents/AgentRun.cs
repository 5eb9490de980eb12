using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.Governance.Injection;

namespace AiNative.Orchestrations.Agents;

/// <summary>Starts an agent run: the agent's name, the user's input (PII redacted at the edge), and the policy in force.</summary>
public sealed record AgentRunRequest(string Agent, string Input, string? SessionId, string RequestedBy, AgentRunPolicy Policy);

/// <summary>
/// The policy a run uses, fixed when it starts so replays see the same values: when approval is needed
/// (the seed: confidence below 0.8 or an amount over 100; and any decision of the offline fallback model),
/// who approves, how long they have, how often approvers may ask for more information.
/// </summary>
public sealed record AgentRunPolicy(
    TimeSpan ApprovalTimeout,
    IReadOnlyList<string> Approvers,
    int MaxInfoRequests = 2,
    double MinConfidence = 0.8,
    decimal MaxAutoRefund = 100m,
    bool ReviewFallbackModelDecisions = true)
{
    /// <summary>Set when the user input was flagged by the injection guardrail; <c>require_approval</c> sends any refund to a person.</summary>
    public InputScreening? InputScreening { get; init; }
}

/// <summary>How a run ended.</summary>
public sealed record AgentRunResult(
    string Agent,
    string Outcome,
    string TicketId,
    string Summary,
    string? RefundId,
    decimal? RefundAmount,
    string? Currency,
    bool ApprovalRequired,
    string? ApprovalDecision,
    string? DecidedBy,
    int ApprovalRounds,
    IReadOnlyList<ModelTrace> ModelCalls);

/// <summary>Custom status: the step a run is at.</summary>
public sealed record AgentProgress(string Agent, string Step, string? ApprovalId = null);

/// <summary>Values of <see cref="AgentRunResult.Outcome"/>.</summary>
public static class AgentOutcomes
{
    public const string Resolved = "resolved";
    public const string Rejected = "rejected";
    public const string TimedOut = "timed_out";
    public const string Escalated = "escalated";
    public const string NoRefund = "no_refund";
}
