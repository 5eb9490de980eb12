using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>
/// Closes a request nobody answered in time. A human decision recorded at the same moment wins: it is returned
/// so the orchestration acts on it instead of the timeout.
/// </summary>
public sealed class CloseApprovalRequest(IApprovalStore store)
{
    [Function(nameof(CloseApprovalRequest))]
    public async Task<ApprovalClosed> Run([ActivityTrigger] ApprovalClosing input)
    {
        var result = await store.CloseAsync(input.ApprovalId, input.Status);
        return new ApprovalClosed(result.Record?.Status ?? input.Status, result.Record?.Decision);
    }
}

/// <summary>Which request to close, and as what.</summary>
public sealed record ApprovalClosing(string ApprovalId, string Status);

/// <summary>The status the request ended with, and the human decision if one beat the timeout.</summary>
public sealed record ApprovalClosed(string Status, ApprovalDecision? Decision);
