namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Sends each approver their own signed link. Tokens are derived here and never leave this call.</summary>
public sealed class ApprovalNotifications(ApprovalTokenService tokens, ApprovalLinks links, IApprovalNotifier notifier)
{
    /// <summary>Notifies every approver of the request's plain list with a shared link; returns how many there are.</summary>
    public async Task<int> NotifyAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await notifier.NotifyAsync(request, links.For(tokens.Issue(request)), cancellationToken).ConfigureAwait(false);
        return request.Approvers.Count;
    }

    /// <summary>Notifies <paramref name="approvers"/>, each with a link bound to their identity; returns how many were messaged.</summary>
    public async Task<int> NotifyAsync(ApprovalRequest request, IReadOnlyList<ApprovalApprover> approvers, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(approvers);
        if (approvers.Count == 0)
        {
            return 0;
        }

        var recipients = approvers.Select(a => new ApprovalRecipient(a, links.For(tokens.Issue(request, a.Id)))).ToList();
        await notifier.NotifyAsync(new ApprovalNotice(request, recipients, kind), cancellationToken).ConfigureAwait(false);
        return recipients.Count;
    }
}
