using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Billing;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Agents;

/// <summary>Writes the run's outcome to the ticket (tool).</summary>
public sealed class UpdateTicket(BillingResolutionSteps steps)
{
    [Function(nameof(UpdateTicket))]
    public Task<TicketRecord> Run([ActivityTrigger] TicketChange input) => steps.UpdateTicketAsync(input);
}
