namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>A stored approval: the request (long texts possibly truncated), its status, once final the decision, and when it was asked.</summary>
public sealed record ApprovalRecord(
    ApprovalRequest Request,
    string Status,
    ApprovalDecision? Decision,
    string ActionHash,
    DateTimeOffset? CreatedAt = null)
{
    public bool IsPending => Status == ApprovalStatuses.Pending;
}

/// <summary>How an attempt to decide an approval ended.</summary>
public enum ApprovalDecideOutcome
{
    /// <summary>This call made the decision; raise the external event now.</summary>
    Decided,

    /// <summary>The approval was already final (the link was used, or it timed out); nothing changed.</summary>
    AlreadyDecided,

    /// <summary>No approval with that id.</summary>
    NotFound,

    /// <summary>The token was issued for a different action than the stored one; nothing changed.</summary>
    ActionMismatch,

    /// <summary>The approval is past its expiry; nothing changed (the orchestration's timer closes it).</summary>
    Expired,
}

/// <summary>The result of <see cref="IApprovalStore.TryDecideAsync"/> and <see cref="IApprovalStore.CloseAsync"/>; <paramref name="Record"/> is null for NotFound and ActionMismatch.</summary>
public sealed record ApprovalDecideResult(ApprovalDecideOutcome Outcome, ApprovalRecord? Record);
