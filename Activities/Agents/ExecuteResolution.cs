using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Billing;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Agents;

/// <summary>Issues the refund, exactly once per idempotency key (tool with a side effect).</summary>
public sealed class ExecuteResolution(BillingResolutionSteps steps)
{
    [Function(nameof(ExecuteResolution))]
    public Task<RefundReceipt> Run([ActivityTrigger] ResolutionCommand input) => steps.ExecuteResolutionAsync(input);
}
