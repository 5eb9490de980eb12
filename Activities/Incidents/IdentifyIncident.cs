using AiNative.Platform.AgentPlane.Incidents;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Incidents;

/// <summary>Which service an incident report is about, the symptom and the severity (model call).</summary>
public sealed class IdentifyIncident(IncidentSteps steps)
{
    [Function(nameof(IdentifyIncident))]
    public Task<IncidentInfo> Run([ActivityTrigger] IncidentReport input) => steps.IdentifyAsync(input);
}
