using AiNative.Platform.AgentPlane.Agents;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Agents;

/// <summary>Looks the customer up in the billing system (tool).</summary>
public sealed class CheckBillingSystem(BillingResolutionSteps steps)
{
    [Function(nameof(CheckBillingSystem))]
    public Task<BillingSnapshot> Run([ActivityTrigger] BillingLookup input) => steps.CheckBillingSystemAsync(input);
}
