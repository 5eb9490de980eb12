using AiNative.Platform.AgentPlane.Agents;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Agents;

/// <summary>Extracts customer, incident and amount from the ticket text (model call).</summary>
public sealed class ExtractTicketInfo(BillingResolutionSteps steps)
{
    [Function(nameof(ExtractTicketInfo))]
    public Task<TicketInfo> Run([ActivityTrigger] TicketText input) => steps.ExtractTicketInfoAsync(input);
}
