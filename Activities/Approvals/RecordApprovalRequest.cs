using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>Stores the approval request, pending, so its link can be shown and answered.</summary>
public sealed class RecordApprovalRequest(ApprovalWorkflow approvals)
{
    [Function(nameof(RecordApprovalRequest))]
    public Task Run([ActivityTrigger] ApprovalRequest input) => approvals.RecordAsync(input);
}
