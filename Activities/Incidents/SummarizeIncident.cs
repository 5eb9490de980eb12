using AiNative.Platform.AgentPlane.Incidents;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Incidents;

/// <summary>Writes the incident run's summary from its findings (model call).</summary>
public sealed class SummarizeIncident(IncidentSteps steps)
{
    [Function(nameof(SummarizeIncident))]
    public Task<IncidentSummary> Run([ActivityTrigger] IncidentFacts input) => steps.SummarizeAsync(input);
}
