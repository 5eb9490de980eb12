namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Tells the approvers that a decision is needed. Implementations must be idempotent per approval, approver and kind (activities retry).</summary>
public interface IApprovalNotifier
{
    /// <summary>Sends each recipient their own secret link; never logs or stores a link anywhere but the message itself.</summary>
    Task NotifyAsync(ApprovalNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>One message round: the request, who gets it with which personal link, and why (first request, reminder, escalation).</summary>
public sealed record ApprovalNotice(ApprovalRequest Request, IReadOnlyList<ApprovalRecipient> Recipients, string Kind = ApprovalNoticeKinds.Request)
{
    /// <summary>Every address of <see cref="ApprovalRequest.Approvers"/> with the same link (links not bound to an approver).</summary>
    public static ApprovalNotice ForAll(ApprovalRequest request, Uri link)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApprovalNotice(request, [.. (request.Approvers ?? []).Where(a => !string.IsNullOrWhiteSpace(a))
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(a => new ApprovalRecipient(ApprovalApprover.ForEmail(a), link))]);
    }
}

/// <summary>An approver and the link bound to them.</summary>
public sealed record ApprovalRecipient(ApprovalApprover Approver, Uri Link);

/// <summary>Why approvers are messaged.</summary>
public static class ApprovalNoticeKinds
{
    public const string Request = "request";
    public const string Reminder = "reminder";
    public const string Escalation = "escalation";

    /// <summary>The subject prefix for the kind.</summary>
    public static string Title(string kind) => kind switch
    {
        Reminder => "Reminder: approval needed",
        Escalation => "Escalated: approval needed",
        _ => "Approval needed",
    };
}

/// <summary>Shorthands for a single shared link.</summary>
public static class ApprovalNotifierExtensions
{
    public static Task NotifyAsync(this IApprovalNotifier notifier, ApprovalRequest request, Uri approvalLink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        return notifier.NotifyAsync(ApprovalNotice.ForAll(request, approvalLink), cancellationToken);
    }
}
