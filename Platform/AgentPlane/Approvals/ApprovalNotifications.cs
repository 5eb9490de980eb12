namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Sends approvers the signed link for a request. The token is derived here and never leaves this call.</summary>
public sealed class ApprovalNotifications(ApprovalTokenService tokens, ApprovalLinks links, IApprovalNotifier notifier)
{
    /// <summary>Notifies every approver of the request; returns how many there are.</summary>
    public async Task<int> NotifyAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await notifier.NotifyAsync(request, links.For(tokens.Issue(request)), cancellationToken).ConfigureAwait(false);
        return request.Approvers.Count;
    }
}
