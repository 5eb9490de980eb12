using AiNative.Activities.Approvals;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Approvals;

/// <summary>
/// Human approval as a sub-orchestration: plan who approves, record the request, notify the first group, then wait for
/// decisions on durable timers: remind before expiry, escalate to the second group when the first is silent, count
/// approvals to the quorum. Rejection, request-info or no answer in time ends it; the caller runs the fallback (deny,
/// compensate) for anything but approve.
/// </summary>
public static class RequestApproval
{
    /// <summary>The external event that carries an approver's decision.</summary>
    public const string DecisionEvent = "ApprovalDecision";

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    [Function(nameof(RequestApproval))]
    public static Task<ApprovalOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, ApprovalRequest request) =>
        OrchestratorFailures.Redacted(() => RunCore(context, request));

    private static async Task<ApprovalOutcome> RunCore(TaskOrchestrationContext context, ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        DurableSpans.DescribeApprovalOrchestration(context.InstanceId, nameof(RequestApproval));

        context.SetCustomStatus(new ApprovalProgress("planning", request.ApprovalId, request.ExpiresAt));
        var plan = await context.CallActivityAsync<ApprovalPlan>(nameof(PlanApproval), request, Retry);
        // The plan names approvers by pseudonym only; notifications are given the request as it came (its approver list is
        // what their addresses are planned from again), the store gets the pseudonyms it checks deciders against.
        var asked = request with { Approvers = [.. plan.Everyone.Select(a => a.Id)], Quorum = plan.Quorum };

        context.SetCustomStatus(new ApprovalProgress("recording", request.ApprovalId, request.ExpiresAt, Group: plan.Group, Quorum: plan.Quorum));
        await context.CallActivityAsync(nameof(RecordApprovalRequest), asked, Retry);
        if (plan.Approvers.Count == 0)
        {
            // Everyone in the group is the requester (or the group is empty): nobody may decide, so the action is denied now.
            var nobody = new ApprovalDecision(ApprovalDecisions.Reject, $"No approver other than the requester is configured for group '{plan.Group}'.", "system", context.CurrentUtcDateTime);
            await context.CallActivityAsync<ApprovalClosed>(nameof(CloseApprovalRequest), new ApprovalClosing(request.ApprovalId, ApprovalStatuses.Rejected, nobody), Retry);
            return Outcome(request, plan, nobody, [], escalated: false);
        }

        var notified = await context.CallActivityAsync<int>(nameof(NotifyApprovers), new ApprovalNotification(request, plan.Approvers, ApprovalNoticeKinds.Request), Retry);
        var expiresAt = request.ExpiresAt.UtcDateTime;
        var start = context.CurrentUtcDateTime;
        DateTime? remindAt = plan.RemindBefore is { } before && expiresAt - before > start ? expiresAt - before : null;
        DateTime? escalateAt = plan.EscalationApprovers.Count > 0 ? start + (plan.EscalateAfter ?? (expiresAt - start) / 2) : null;
        escalateAt = escalateAt < expiresAt ? escalateAt : null;
        var waitingOn = plan.Approvers.ToList();
        var approvals = new List<ApprovalDecision>();
        var escalated = false;
        Task<ApprovalDecision>? decision = null;

        // Bounded: each turn is one approver's single-use vote, the reminder, the escalation or the expiry; the slack
        // absorbs duplicate deliveries. Running out of turns ends like the expiry: denied.
        var maxTurns = (2 * plan.Everyone.Count()) + 8;
        for (var turn = 0; turn < maxTurns; turn++)
        {
            context.SetCustomStatus(new ApprovalProgress("waiting_for_decision", request.ApprovalId, request.ExpiresAt, notified, plan.Group, plan.Quorum, approvals.Count, escalated));
            var next = new[] { remindAt, escalateAt, expiresAt }.Where(t => t is not null).Min()!.Value;
            // One waiter across loop turns: a fresh one per turn would leave the old one to swallow the next event.
            decision ??= context.WaitForExternalEvent<ApprovalDecision>(DecisionEvent);
            using var timerCancel = new CancellationTokenSource();
            var timer = context.CreateTimer(next, timerCancel.Token);
            if (await Task.WhenAny(decision, timer) == decision)
            {
                // Synchronous on purpose: CancelAsync would run the timer's callback off the orchestration thread.
                timerCancel.Cancel();
                var made = await decision;
                decision = null;
                if (made.Decision != ApprovalDecisions.Approve || plan.Quorum <= 1)
                {
                    // The link or Slack already made this decision final in the store.
                    return Outcome(request, plan, made, made.Decision == ApprovalDecisions.Approve ? [made.DecidedBy] : [], escalated);
                }

                if (!approvals.Any(a => string.Equals(a.DecidedBy, made.DecidedBy, StringComparison.OrdinalIgnoreCase)))
                {
                    approvals.Add(made);
                    waitingOn.RemoveAll(a => a.Is(made.DecidedBy));
                }

                if (approvals.Count >= plan.Quorum)
                {
                    var by = approvals.Select(a => a.DecidedBy).ToList();
                    var comments = string.Join("\n", approvals.Where(a => !string.IsNullOrWhiteSpace(a.Comment)).Select(a => $"{a.DecidedBy}: {a.Comment}"));
                    var final = new ApprovalDecision(ApprovalDecisions.Approve, comments.Length == 0 ? null : comments, string.Join(", ", by), made.DecidedAt);
                    var closed = await context.CallActivityAsync<ApprovalClosed>(nameof(CloseApprovalRequest), new ApprovalClosing(request.ApprovalId, ApprovalStatuses.Approved, final), Retry);
                    // A reject recorded at the same moment as the last approval wins: deny is the safe side.
                    return closed.Decision is { } stored && stored.Decision != ApprovalDecisions.Approve
                        ? Outcome(request, plan, stored, by, escalated)
                        : Outcome(request, plan, final, by, escalated);
                }

                continue;
            }

            if (next == escalateAt)
            {
                escalateAt = null;
                escalated = true;
                context.SetCustomStatus(new ApprovalProgress("escalating", request.ApprovalId, request.ExpiresAt, notified, plan.EscalationGroup, plan.Quorum, approvals.Count, escalated));
                notified += await context.CallActivityAsync<int>(nameof(NotifyApprovers), new ApprovalNotification(request, plan.EscalationApprovers, ApprovalNoticeKinds.Escalation), Retry);
                waitingOn.AddRange(plan.EscalationApprovers);
                continue;
            }

            if (next == remindAt)
            {
                remindAt = null;
                await context.CallActivityAsync<int>(nameof(NotifyApprovers), new ApprovalNotification(request, waitingOn, ApprovalNoticeKinds.Reminder), Retry);
                continue;
            }

            break;
        }

        // Expired. A decision recorded at the very same moment wins over the timeout.
        var timedOut = await context.CallActivityAsync<ApprovalClosed>(nameof(CloseApprovalRequest), new ApprovalClosing(request.ApprovalId, ApprovalStatuses.TimedOut), Retry);
        if (timedOut.Decision is { } late && late.Decision != ApprovalDecisions.TimedOut)
        {
            return Outcome(request, plan, late, late.Decision == ApprovalDecisions.Approve ? [late.DecidedBy] : [], escalated);
        }

        context.SetCustomStatus(new ApprovalProgress("timed_out", request.ApprovalId, request.ExpiresAt, notified, plan.Group, plan.Quorum, approvals.Count, escalated));
        return new ApprovalOutcome(request.ApprovalId, ApprovalDecisions.TimedOut, null, null, request.ExpiresAt, [.. approvals.Select(a => a.DecidedBy)], plan.Group, escalated);
    }

    private static ApprovalOutcome Outcome(ApprovalRequest request, ApprovalPlan plan, ApprovalDecision decision, IReadOnlyList<string> approvedBy, bool escalated) =>
        new(request.ApprovalId, decision.Decision, decision.Comment, decision.DecidedBy, decision.DecidedAt, approvedBy, plan.Group, escalated);
}

/// <summary>
/// How an approval ended: approve, reject, request-info or timed-out. Anything but approve means the action is denied
/// (the caller's fallback, e.g. compensation). <paramref name="ApprovedBy"/> lists the distinct approvers who approved.
/// </summary>
public sealed record ApprovalOutcome(
    string ApprovalId,
    string Decision,
    string? Comment,
    string? DecidedBy,
    DateTimeOffset DecidedAt,
    IReadOnlyList<string>? ApprovedBy = null,
    string? Group = null,
    bool Escalated = false)
{
    /// <summary>True only for a human approval (the quorum reached); timeouts and rejections are denials.</summary>
    public bool IsApproved => Decision == ApprovalDecisions.Approve;
}

/// <summary>Custom status while an approval is open.</summary>
public sealed record ApprovalProgress(
    string Step,
    string ApprovalId,
    DateTimeOffset ExpiresAt,
    int Notified = 0,
    string? Group = null,
    int Quorum = 1,
    int Approvals = 0,
    bool Escalated = false);
