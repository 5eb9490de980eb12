namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Tells the approvers that a decision is needed. Implementations must be idempotent per approval and approver (activities retry).</summary>
public interface IApprovalNotifier
{
    /// <summary>Sends the request with its secret <paramref name="approvalLink"/>; never logs or stores the link anywhere but the message itself.</summary>
    Task NotifyAsync(ApprovalRequest request, Uri approvalLink, CancellationToken cancellationToken = default);
}
