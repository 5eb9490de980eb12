using System.Globalization;
using AiNative.Activities.Incidents;
using AiNative.Orchestrations.Approvals;
using AiNative.Orchestrations.Hosting;
using AiNative.Orchestrations.Tools;
using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Incidents;
using AiNative.Platform.AgentPlane.Operations;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Agents;

/// <summary>
/// The incident-response agent, read like the seed's <c>billing_resolution_flow</c>: identify the incident → gather
/// logs → metrics → find the runbook → propose its remediation → human approval → remediate (exactly once) → verify →
/// summarise. Remediation that does not verify is undone (saga compensation through the tool's declared undo).
/// </summary>
public static class IncidentResponse
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>How far back the agent looks at logs and metrics.</summary>
    public const int LookbackMinutes = 120;

    /// <summary>How recent the metric points used to verify a remediation must be.</summary>
    public const int VerifyMinutes = 5;

    [Function(nameof(IncidentResponse))]
    public static Task<IncidentRunResult> Run([OrchestrationTrigger] TaskOrchestrationContext context, AgentRunRequest run) =>
        OrchestratorFailures.Redacted(() => RunCore(context, run));

    private static async Task<IncidentRunResult> RunCore(TaskOrchestrationContext context, AgentRunRequest run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var tools = new DurableTools(context, new ToolCaller(run.RequestedBy, run.Agent, AgentCatalog.PermissionsOf(run.Agent)), context.InstanceId);
        var record = new IncidentRecord(run);

        Step(context, run, "identify_incident");
        var incident = await context.CallActivityAsync<IncidentInfo>(nameof(IdentifyIncident), new IncidentReport(context.InstanceId, run.Input), Retry);
        record.Identified(incident);
        if (incident.Service is not { } service)
        {
            return await CloseAsync(context, run, record, AgentOutcomes.Escalated, $"No known service ({string.Join(", ", incident.KnownServices)}) is named in the report.");
        }

        try
        {
            Step(context, run, "query_logs");
            var logs = await tools.CallAsync<LogQueryResult>(OperationsTools.QueryLogs, new { service, since_minutes = LookbackMinutes, min_level = "warning" });
            record.Logs(logs);

            Step(context, run, "query_metrics");
            var metrics = await tools.CallAsync<MetricQueryResult>(OperationsTools.QueryMetrics, new { service, since_minutes = LookbackMinutes });
            record.Metrics(metrics);

            Step(context, run, "find_runbook");
            var query = string.Join(" ", [incident.Symptom, .. logs.Entries.Take(10).Select(e => e.Message)]);
            var runbook = await tools.CallAsync<GetRunbookHandler.Lookup>(OperationsTools.GetRunbook, new { query = Cut(query, 4000), service });
            if (!runbook.Found || runbook.Remediation is not { } remediation || runbook.Verify is not { } check)
            {
                return await CloseAsync(context, run, record, AgentOutcomes.Escalated, $"No runbook matches the symptoms of {service}; a person must investigate.");
            }

            record.Runbook(runbook);

            Step(context, run, "propose_remediation");
            var request = ApprovalFor(context, run, record, service, remediation, check, runbook);
            context.SetCustomStatus(new AgentProgress(run.Agent, "awaiting_approval", request.ApprovalId));
            var approval = await context.CallSubOrchestratorAsync<ApprovalOutcome>(nameof(RequestApproval), request, new SubOrchestrationOptions { InstanceId = request.ApprovalId });
            record.Approval(approval);
            if (approval.Decision != ApprovalDecisions.Approve)
            {
                var outcome = approval.Decision == ApprovalDecisions.TimedOut ? AgentOutcomes.TimedOut : AgentOutcomes.Rejected;
                var why = approval.Decision == ApprovalDecisions.TimedOut
                    ? "No approver answered before the request expired; nothing was changed."
                    : $"Remediation not approved by {approval.DecidedBy} ({approval.Decision})" + (approval.Comment is { } c ? $": {c}" : "; nothing was changed.");
                return await CloseAsync(context, run, record, outcome, why);
            }

            Step(context, run, "remediate");
            var done = await tools.CallAsync<RemediationRecord>(OperationsTools.RemediateService, new { service, action = remediation.Action, replicas = remediation.Replicas, reason = runbook.Title });
            record.Remediated(done);

            Step(context, run, "verify");
            var after = await tools.CallAsync<MetricQueryResult>(OperationsTools.QueryMetrics, new { service, metric = check.Metric, since_minutes = VerifyMinutes });
            var latest = after.Series.Count > 0 ? after.Series[0].Latest : null;
            record.Verified(check, latest);
            if (latest is not { } value || value >= check.Below)
            {
                Step(context, run, "compensate");
                var undone = await tools.CompensateAsync();
                record.Compensated(undone.Count);
                return await CloseAsync(context, run, record, IncidentOutcomes.Unresolved, $"{check.Metric} is still {Number(latest)} (needs < {Number(check.Below)}): the remediation was undone; a person must take over.");
            }

            return await CloseAsync(context, run, record, AgentOutcomes.Resolved, $"{Describe(remediation)} fixed {service}: {check.Metric} is {Number(value)} (< {Number(check.Below)}).");
        }
        catch (ToolCallFailedException e)
        {
            // A refused or failed tool call (permission, rate limit, handler error) stops the agent; undo what it changed.
            var undone = await tools.CompensateAsync();
            record.Compensated(undone.Count);
            return await CloseAsync(context, run, record, AgentOutcomes.Escalated, $"Tool {e.Result?.Tool} failed ({e.Result?.Error?.Code}: {e.Result?.Error?.Message}); a person must take over.");
        }
    }

    private static async Task<IncidentRunResult> CloseAsync(TaskOrchestrationContext context, AgentRunRequest run, IncidentRecord record, string outcome, string conclusion)
    {
        Step(context, run, "summarize");
        record.Finding(conclusion);
        var summary = await context.CallActivityAsync<IncidentSummary>(
            nameof(SummarizeIncident), new IncidentFacts(context.InstanceId, run.Input, record.Service, outcome, record.Findings), Retry);
        record.Model(summary.Model);
        Step(context, run, "completed");
        return record.Result(outcome, conclusion, summary.Text);
    }

    private static ApprovalRequest ApprovalFor(
        TaskOrchestrationContext context, AgentRunRequest run, IncidentRecord record, string service, RunbookRemediation remediation, RunbookCheck check, GetRunbookHandler.Lookup runbook)
    {
        var id = $"{context.InstanceId}-approval-1";
        return new ApprovalRequest(
            ApprovalId: id,
            InstanceId: id,
            RunId: context.InstanceId,
            Agent: run.Agent,
            Action: new ApprovalAction(OperationsTools.RemediateService, $"{Describe(remediation)} (runbook {runbook.RunbookId})", null, null, null, null),
            Reason: $"{runbook.Title}. {record.Symptom}",
            Context: string.Join(" ", record.LogEvidence.Take(3)),
            Evidence: string.Join("; ", record.MetricEvidence) + $". Success check: {check.Metric} below {Number(check.Below)} within {VerifyMinutes} minutes; undo: undo_remediation.",
            Approvers: run.Policy.Approvers,
            ExpiresAt: context.CurrentUtcDateTime.Add(run.Policy.ApprovalTimeout),
            Round: 1,
            RequestedBy: run.RequestedBy);
    }

    private static string Describe(RunbookRemediation remediation) => remediation.Action == RemediationActions.Scale
        ? $"Scale {remediation.Service} to {remediation.Replicas} replicas"
        : $"Rolling restart of {remediation.Service}";

    internal static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "unknown";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static void Step(TaskOrchestrationContext context, AgentRunRequest run, string step) =>
        context.SetCustomStatus(new AgentProgress(run.Agent, step));
}

/// <summary>Outcomes of an incident run besides <see cref="AgentOutcomes"/>.</summary>
public static class IncidentOutcomes
{
    /// <summary>Remediated, but the check failed: the remediation was undone.</summary>
    public const string Unresolved = "unresolved";
}

/// <summary>How an incident run ended: what was found, proposed, approved, done and verified.</summary>
public sealed record IncidentRunResult(
    string Agent,
    string Outcome,
    string? Service,
    string? Symptom,
    string? Severity,
    string? RunbookId,
    string? RemediationId,
    string? RemediationAction,
    string? ApprovalId,
    string? ApprovalDecision,
    string? DecidedBy,
    bool Verified,
    int Compensations,
    string Conclusion,
    string Summary,
    IReadOnlyList<string> Findings,
    IReadOnlyList<ModelTrace> ModelCalls);
