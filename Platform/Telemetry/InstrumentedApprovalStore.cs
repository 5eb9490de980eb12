using System.Diagnostics.Metrics;
using AiNative.Platform.AgentPlane.Approvals;

namespace AiNative.Platform.Telemetry;

/// <summary>
/// Counts the approval funnel around the real store: requested, then approved, rejected, info-requested or timed out.
/// Only calls that changed state are counted, so retries and duplicate link clicks never inflate the funnel.
/// </summary>
public sealed class InstrumentedApprovalStore(IApprovalStore inner) : IApprovalStore
{
    private static readonly Counter<long> Requested = PlatformTelemetry.Meter.CreateCounter<long>(
        "ainative.approvals.requested", "{approval}", "Approval requests created, by agent.");

    private static readonly Counter<long> Decided = PlatformTelemetry.Meter.CreateCounter<long>(
        "ainative.approvals.decided", "{approval}", "Approvals closed, by agent and outcome (approved, rejected, info-requested, timed-out).");

    private static readonly Histogram<double> DecisionTime = PlatformTelemetry.Meter.CreateHistogram<double>(
        "ainative.approvals.decision_time", "s", "Time from an approval request to its decision (or timeout), by agent and outcome.");

    public async Task CreateAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existed = await inner.GetAsync(request.ApprovalId, cancellationToken).ConfigureAwait(false) is not null;
        await inner.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        if (!existed)
        {
            Requested.Add(1, new KeyValuePair<string, object?>("gen_ai.agent.name", request.Agent));
        }
    }

    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken = default) =>
        inner.GetAsync(approvalId, cancellationToken);

    public async Task<ApprovalDecideResult> TryDecideAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        var result = await inner.TryDecideAsync(approvalId, actionHash, decision, cancellationToken).ConfigureAwait(false);
        Count(result);
        return result;
    }

    public async Task<ApprovalDecideResult> CloseAsync(string approvalId, string status, CancellationToken cancellationToken = default)
    {
        var result = await inner.CloseAsync(approvalId, status, cancellationToken).ConfigureAwait(false);
        Count(result);
        return result;
    }

    public Task<ApprovalDecideResult> RecordVoteAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default) =>
        inner.RecordVoteAsync(approvalId, actionHash, decision, cancellationToken);

    public async Task<ApprovalDecideResult> FinishAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        var result = await inner.FinishAsync(approvalId, decision, cancellationToken).ConfigureAwait(false);
        Count(result);
        return result;
    }

    private static void Count(ApprovalDecideResult result)
    {
        if (result.Outcome == ApprovalDecideOutcome.Decided && result.Record is { } record)
        {
            var agent = new KeyValuePair<string, object?>("gen_ai.agent.name", record.Request.Agent);
            var outcome = new KeyValuePair<string, object?>("ainative.approval.outcome", record.Status);
            Decided.Add(1, agent, outcome);
            if (record.CreatedAt is { } created && record.Decision is { } decision)
            {
                DecisionTime.Record(Math.Max(0, (decision.DecidedAt - created).TotalSeconds), agent, outcome);
            }

            // A rejected or expired approval refuses the action the agent wanted to take.
            if (record.Status is ApprovalStatuses.Rejected or ApprovalStatuses.TimedOut)
            {
                DurableSpans.CountToolRefusal(record.Request.Action.Kind, record.Status, record.Request.Agent);
            }
        }
    }
}
