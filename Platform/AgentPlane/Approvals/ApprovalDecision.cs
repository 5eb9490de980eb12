namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>A human's (or the timeout's) answer to an approval request; <paramref name="Decision"/> is one of <see cref="ApprovalDecisions"/>.</summary>
public sealed record ApprovalDecision(
    string Decision,
    string? Comment,
    string DecidedBy,
    DateTimeOffset DecidedAt);

/// <summary>The decision values, as posted by the approval form (<c>name="decision"</c>) and carried by the external event.</summary>
public static class ApprovalDecisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string RequestInfo = "request-info";

    /// <summary>No human answered before the request expired: the action is denied.</summary>
    public const string TimedOut = "timed-out";

    /// <summary>The decisions a human can post.</summary>
    public static IReadOnlyList<string> Human { get; } = [Approve, Reject, RequestInfo];

    public static bool IsHuman([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? decision) => decision is Approve or Reject or RequestInfo;
}

/// <summary>The states of a stored approval; every state but <see cref="Pending"/> is final.</summary>
public static class ApprovalStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string InfoRequested = "info-requested";
    public const string TimedOut = "timed-out";

    public static IReadOnlyList<string> Final { get; } = [Approved, Rejected, InfoRequested, TimedOut];

    /// <summary>The status a decision leads to.</summary>
    public static string ForDecision(string decision) => decision switch
    {
        ApprovalDecisions.Approve => Approved,
        ApprovalDecisions.Reject => Rejected,
        ApprovalDecisions.RequestInfo => InfoRequested,
        ApprovalDecisions.TimedOut => TimedOut,
        _ => throw new ArgumentException($"Unknown approval decision '{decision}'.", nameof(decision)),
    };

    /// <summary>The decision recorded when a request is closed into <paramref name="status"/> without a human.</summary>
    public static string DecisionFor(string status) => status switch
    {
        Approved => ApprovalDecisions.Approve,
        Rejected => ApprovalDecisions.Reject,
        InfoRequested => ApprovalDecisions.RequestInfo,
        TimedOut => ApprovalDecisions.TimedOut,
        _ => throw new ArgumentException($"'{status}' is not a final approval status; use one of {string.Join(", ", Final)}.", nameof(status)),
    };
}
