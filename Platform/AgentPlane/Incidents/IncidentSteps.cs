using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Operations;
using AiNative.Platform.ModelPlane;

namespace AiNative.Platform.AgentPlane.Incidents;

/// <summary>The model steps of the incident-response agent: identify the incident, and summarise the run.</summary>
public sealed class IncidentSteps(IModelGateway gateway, IOperationsSystem operations)
{
    public const string IdentifyPromptId = "extract-incident-info";
    public const string SummaryPromptId = "summarize-incident";

    /// <summary>
    /// Extracts service, symptom and severity with the model; a service the operations system does not know is
    /// replaced by a known service named in the report, or null (the flow then escalates to a human).
    /// </summary>
    public async Task<IncidentInfo> IdentifyAsync(IncidentReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var known = (await operations.ListServicesAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        var response = await gateway.CompleteAsync(
            new ModelRequest(IdentifyPromptId, new Dictionary<string, string> { ["report"] = report.Text, ["services"] = string.Join(", ", known) }),
            cancellationToken).ConfigureAwait(false);
        var output = response.Output!.Value;
        var service = output.TryGetProperty("service", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String ? s.GetString() : null;
        if (service is null || !known.Contains(service, StringComparer.Ordinal))
        {
            // Longest name first, so "search-api-v2" would win over "search-api".
            service = known.OrderByDescending(n => n.Length).FirstOrDefault(n => report.Text.Contains(n, StringComparison.OrdinalIgnoreCase));
        }

        var symptom = output.TryGetProperty("symptom", out var sy) && sy.ValueKind == System.Text.Json.JsonValueKind.String ? sy.GetString()! : report.Text;
        var severity = output.TryGetProperty("severity", out var sv) && sv.ValueKind == System.Text.Json.JsonValueKind.String ? sv.GetString()! : "unknown";
        return new IncidentInfo(service, symptom, severity, known, Trace(response));
    }

    /// <summary>A short summary of what was found and done, for the incident record and the requester.</summary>
    public async Task<IncidentSummary> SummarizeAsync(IncidentFacts facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var response = await gateway.CompleteAsync(
            new ModelRequest(SummaryPromptId, new Dictionary<string, string>
            {
                ["report"] = facts.Report,
                ["service"] = facts.Service ?? "unknown",
                ["outcome"] = facts.Outcome,
                ["findings"] = string.Join("\n", facts.Findings.Select(f => "- " + f)),
            }),
            cancellationToken).ConfigureAwait(false);
        return new IncidentSummary(response.Text.Trim(), Trace(response));
    }

    private static ModelTrace Trace(ModelResponse response) => new(
        response.Model, response.PromptId, response.PromptVersion, response.InputTokens, response.OutputTokens, response.Cost,
        response.Routing?.Reason, response.Routing?.Tried);
}
