using System.Globalization;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Incidents;
using AiNative.Platform.AgentPlane.Operations;

namespace AiNative.Orchestrations.Agents;

/// <summary>What an incident run found and did, collected step by step (orchestrator-local, rebuilt identically on replay).</summary>
internal sealed class IncidentRecord(AgentRunRequest run)
{
    private readonly List<string> findings = [];
    private readonly List<ModelTrace> models = [];
    private IncidentInfo? incident;
    private string? runbookId;
    private RemediationRecord? remediation;
    private ApprovalOutcome? approval;
    private bool verified;
    private int compensations;

    public string? Service => incident?.Service;

    public string? Symptom => incident?.Symptom;

    public IReadOnlyList<string> Findings => findings;

    public List<string> LogEvidence { get; } = [];

    public List<string> MetricEvidence { get; } = [];

    public void Identified(IncidentInfo info)
    {
        incident = info;
        models.Add(info.Model);
        findings.Add($"Identified service {info.Service ?? "unknown"}, severity {info.Severity}: {info.Symptom}");
    }

    public void Logs(LogQueryResult logs)
    {
        LogEvidence.AddRange(logs.Entries.Take(5).Select(e => $"[{e.Level}] {e.Message}."));
        var counts = string.Join(", ", logs.CountsByLevel.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));
        findings.Add($"Logs (last {logs.SinceMinutes} min): {(counts.Length > 0 ? counts : "no warnings or errors")}" + (logs.Entries.Count > 0 ? $"; latest: {logs.Entries[0].Message}" : ""));
    }

    public void Metrics(MetricQueryResult metrics)
    {
        MetricEvidence.AddRange(metrics.Series.Select(s => $"{s.Metric} {IncidentResponse.Number(s.Latest)} {s.Unit} (was {IncidentResponse.Number(s.Points.Count > 0 ? s.Points[0].Value : null)})"));
        findings.Add("Metrics: " + string.Join("; ", MetricEvidence));
    }

    public void Runbook(Platform.AgentPlane.Operations.GetRunbookHandler.Lookup runbook)
    {
        runbookId = runbook.RunbookId;
        findings.Add($"Runbook {runbook.RunbookId} ({runbook.Title}, score {runbook.Score.ToString("0.##", CultureInfo.InvariantCulture)}) prescribes {runbook.Remediation?.Action} of {runbook.Remediation?.Service}");
    }

    public void Approval(ApprovalOutcome outcome)
    {
        approval = outcome;
        findings.Add($"Approval {outcome.ApprovalId}: {outcome.Decision}" + (outcome.DecidedBy is { } by ? $" by {by}" : ""));
    }

    public void Remediated(RemediationRecord record)
    {
        remediation = record;
        findings.Add($"Remediation {record.RemediationId}: {record.Action} of {record.Service}, replicas {record.ReplicasBefore} → {record.ReplicasAfter}, status {record.Status}");
    }

    public void Verified(Platform.AgentPlane.Operations.RunbookCheck check, double? latest)
    {
        verified = latest is { } value && value < check.Below;
        findings.Add($"Verification: {check.Metric} {IncidentResponse.Number(latest)} (needs < {IncidentResponse.Number(check.Below)}): {(verified ? "passed" : "failed")}");
    }

    public void Compensated(int count)
    {
        compensations += count;
        if (count > 0)
        {
            findings.Add($"Compensation: {count} side effect(s) undone");
        }
    }

    public void Finding(string text) => findings.Add(text);

    public void Model(ModelTrace trace) => models.Add(trace);

    public IncidentRunResult Result(string outcome, string conclusion, string summary) => new(
        run.Agent, outcome, incident?.Service, incident?.Symptom, incident?.Severity, runbookId, remediation?.RemediationId, remediation?.Action,
        approval?.ApprovalId, approval?.Decision, approval?.DecidedBy, verified, compensations, conclusion, summary, [.. findings], [.. models]);
}
