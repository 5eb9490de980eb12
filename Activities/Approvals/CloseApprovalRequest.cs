using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Approvals;

/// <summary>
/// Closes a request: timed out when nobody answered in time (a human decision recorded at the same moment wins and is
/// returned, so the orchestration acts on it instead), or approved when a quorum of approvers was reached.
/// </summary>
public sealed class CloseApprovalRequest(IApprovalStore store)
{
    [Function(nameof(CloseApprovalRequest))]
    public async Task<ApprovalClosed> Run([ActivityTrigger] ApprovalClosing input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = input.Decision is { } decision
            ? await store.FinishAsync(input.ApprovalId, decision)
            : await store.CloseAsync(input.ApprovalId, input.Status);
        return new ApprovalClosed(result.Record?.Status ?? input.Status, result.Record?.Decision);
    }
}

/// <summary>Which request to close, and as what; <paramref name="Decision"/> is recorded as the final decision when set.</summary>
public sealed record ApprovalClosing(string ApprovalId, string Status, ApprovalDecision? Decision = null);

/// <summary>The status the request ended with, and the human decision if one beat the timeout.</summary>
public sealed record ApprovalClosed(string Status, ApprovalDecision? Decision);
