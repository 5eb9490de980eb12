namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>The risky action a human is asked to approve; every field is part of what an approval token is bound to.</summary>
public sealed record ApprovalAction(
    string Kind,
    string Summary,
    string? CustomerId,
    string? CustomerName,
    decimal? Amount,
    string? Currency);

/// <summary>
/// One round of a human approval: what is asked, why, and who may answer until when. A new round
/// (after "request-info") gets a new <paramref name="ApprovalId"/>. <paramref name="Policy"/> (optional) names the tool or
/// policy whose approver group is asked (else the action kind, then the agent, then the default group);
/// <paramref name="Quorum"/> (optional) overrides how many distinct approvers must approve.
/// </summary>
public sealed record ApprovalRequest(
    string ApprovalId,
    string InstanceId,
    string RunId,
    string Agent,
    ApprovalAction Action,
    string Reason,
    string Context,
    string Evidence,
    IReadOnlyList<string> Approvers,
    DateTimeOffset ExpiresAt,
    int Round,
    string RequestedBy,
    string? Policy = null,
    int? Quorum = null);
