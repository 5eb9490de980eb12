using AiNative.Platform.AgentPlane.Agents;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Agents;

/// <summary>Retrieves policy passages relevant to the ticket (hybrid search).</summary>
public sealed class RetrieveKnowledge(BillingResolutionSteps steps)
{
    [Function(nameof(RetrieveKnowledge))]
    public Task<KnowledgeContext> Run([ActivityTrigger] KnowledgeRequest input) => steps.RetrieveKnowledgeAsync(input);
}
