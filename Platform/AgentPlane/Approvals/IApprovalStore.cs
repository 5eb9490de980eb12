namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Durable approval state: single-use decisions made atomically, so one link can never decide twice.</summary>
public interface IApprovalStore
{
    /// <summary>Stores a pending approval; calling it again with the same id changes nothing.</summary>
    Task CreateAsync(ApprovalRequest request, CancellationToken cancellationToken = default);

    /// <summary>The approval, or null when unknown.</summary>
    Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a human decision if the approval is still pending, unexpired and bound to <paramref name="actionHash"/>.
    /// Of any number of concurrent calls at most one gets <see cref="ApprovalDecideOutcome.Decided"/>.
    /// </summary>
    Task<ApprovalDecideResult> TryDecideAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a still-pending approval to a final <paramref name="status"/> (e.g. timed-out): Decided when this call closed it;
    /// AlreadyDecided, with the human's decision, when someone decided first (act on that decision, not on the timeout).
    /// </summary>
    Task<ApprovalDecideResult> CloseAsync(string approvalId, string status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records one approver's approve vote on a still-pending quorum approval: Decided the first time for that approver
    /// (<paramref name="decision"/>.DecidedBy), AlreadyDecided when they voted before or the approval is final.
    /// </summary>
    Task<ApprovalDecideResult> RecordVoteAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Moves a still-pending approval to the final state of <paramref name="decision"/> (a quorum reached); AlreadyDecided when it was final.</summary>
    Task<ApprovalDecideResult> FinishAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default);
}
