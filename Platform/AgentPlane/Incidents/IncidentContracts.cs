using AiNative.Platform.AgentPlane.Agents;

namespace AiNative.Platform.AgentPlane.Incidents;

/// <summary>The alert or report that starts an incident run (PII redacted at the edge).</summary>
public sealed record IncidentReport(string RunId, string Text);

/// <summary>
/// What the report is about: the affected service (null when none of the known services can be identified), the
/// symptom in a sentence, and a severity; <see cref="Model"/> records the model call.
/// </summary>
public sealed record IncidentInfo(string? Service, string Symptom, string Severity, IReadOnlyList<string> KnownServices, ModelTrace Model);

/// <summary>The facts an incident summary is written from.</summary>
public sealed record IncidentFacts(string RunId, string Report, string? Service, string Outcome, IReadOnlyList<string> Findings);

/// <summary>The written summary of an incident run and the model call that wrote it.</summary>
public sealed record IncidentSummary(string Text, ModelTrace Model);
