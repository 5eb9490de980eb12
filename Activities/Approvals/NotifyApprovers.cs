using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>
/// Sends each approver their own signed link (the tokens never enter orchestration history). Approvers arrive as
/// pseudonyms; their addresses are looked up here, so they never enter history either.
/// </summary>
public sealed class NotifyApprovers(ApprovalNotifications notifications, ApproverDirectory directory)
{
    [Function(nameof(NotifyApprovers))]
    public Task<int> Run([ActivityTrigger] ApprovalNotification input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return notifications.NotifyAsync(input.Request, directory.Contacts(input.Request, input.Approvers), input.Kind);
    }
}

/// <summary>Who to message about which request, and why (<see cref="ApprovalNoticeKinds"/>).</summary>
public sealed record ApprovalNotification(ApprovalRequest Request, IReadOnlyList<ApprovalApprover> Approvers, string Kind);
