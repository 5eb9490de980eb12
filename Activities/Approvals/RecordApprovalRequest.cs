using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>Stores the approval request, pending, so its link can be shown and answered.</summary>
public sealed class RecordApprovalRequest(IApprovalStore store)
{
    [Function(nameof(RecordApprovalRequest))]
    public Task Run([ActivityTrigger] ApprovalRequest input) => store.CreateAsync(input);
}
