using AiNative.Activities.Approvals;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Approvals;

/// <summary>
/// Human approval as a sub-orchestration: record the request, notify approvers, wait for the decision event
/// until the request expires. No answer in time means deny.
/// </summary>
public static class RequestApproval
{
    /// <summary>The external event that carries an approver's decision.</summary>
    public const string DecisionEvent = "ApprovalDecision";

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    [Function(nameof(RequestApproval))]
    public static async Task<ApprovalOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        DurableSpans.DescribeApprovalOrchestration(context.InstanceId, nameof(RequestApproval));

        context.SetCustomStatus(new ApprovalProgress("recording", request.ApprovalId, request.ExpiresAt));
        await context.CallActivityAsync(nameof(RecordApprovalRequest), request, Retry);
        var notified = await context.CallActivityAsync<int>(nameof(NotifyApprovers), request, Retry);

        context.SetCustomStatus(new ApprovalProgress("waiting_for_decision", request.ApprovalId, request.ExpiresAt, notified));
        using var timeout = new CancellationTokenSource();
        var decision = context.WaitForExternalEvent<ApprovalDecision>(DecisionEvent);
        var expiry = context.CreateTimer(request.ExpiresAt.UtcDateTime, timeout.Token);
        if (await Task.WhenAny(decision, expiry) == decision)
        {
            // Synchronous on purpose: CancelAsync would run the timer's callback off the orchestration thread.
            timeout.Cancel();
            return Outcome(request, await decision);
        }

        // The timer fired. A decision recorded at the very same moment wins over the timeout.
        var closed = await context.CallActivityAsync<ApprovalClosed>(nameof(CloseApprovalRequest), new ApprovalClosing(request.ApprovalId, ApprovalStatuses.TimedOut), Retry);
        if (closed.Decision is { } late)
        {
            return Outcome(request, late);
        }

        context.SetCustomStatus(new ApprovalProgress("timed_out", request.ApprovalId, request.ExpiresAt, notified));
        return new ApprovalOutcome(request.ApprovalId, ApprovalDecisions.TimedOut, null, null, request.ExpiresAt);
    }

    private static ApprovalOutcome Outcome(ApprovalRequest request, ApprovalDecision decision) =>
        new(request.ApprovalId, decision.Decision, decision.Comment, decision.DecidedBy, decision.DecidedAt);
}

/// <summary>How an approval ended: approve, reject, request-info or timed-out.</summary>
public sealed record ApprovalOutcome(string ApprovalId, string Decision, string? Comment, string? DecidedBy, DateTimeOffset DecidedAt);

/// <summary>Custom status while an approval is open.</summary>
public sealed record ApprovalProgress(string Step, string ApprovalId, DateTimeOffset ExpiresAt, int Notified = 0);
