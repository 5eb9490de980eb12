using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>Sends each approver a signed, single-use link (the token never enters orchestration history).</summary>
public sealed class NotifyApprovers(ApprovalNotifications notifications)
{
    [Function(nameof(NotifyApprovers))]
    public Task<int> Run([ActivityTrigger] ApprovalRequest input) => notifications.NotifyAsync(input);
}
