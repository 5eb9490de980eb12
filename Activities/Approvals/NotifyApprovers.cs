using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>Sends each approver a signed, single-use link (the token never enters orchestration history).</summary>
public sealed class NotifyApprovers(ApprovalWorkflow approvals)
{
    [Function(nameof(NotifyApprovers))]
    public Task<int> Run([ActivityTrigger] ApprovalRequest input) => approvals.NotifyAsync(input);
}
