using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>Resolves who approves the request (group, escalation group, quorum, reminder and escalation times) from configuration, once, into history.</summary>
public sealed class PlanApproval(ApproverDirectory directory)
{
    [Function(nameof(PlanApproval))]
    public Task<ApprovalPlan> Run([ActivityTrigger] ApprovalRequest input) => Task.FromResult(directory.Plan(input));
}
