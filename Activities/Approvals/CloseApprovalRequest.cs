using AiNative.Platform.AgentPlane.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>Closes a request nobody answered in time; returns the status it really ended with.</summary>
public sealed class CloseApprovalRequest(ApprovalWorkflow approvals)
{
    [Function(nameof(CloseApprovalRequest))]
    public Task<string> Run([ActivityTrigger] ApprovalClosing input) => approvals.CloseAsync(input.ApprovalId, input.Status);
}

/// <summary>Which request to close, and as what.</summary>
public sealed record ApprovalClosing(string ApprovalId, string Status);
