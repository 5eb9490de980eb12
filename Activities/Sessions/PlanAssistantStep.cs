using AiNative.Platform.AgentPlane.Assistant;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Sessions;

/// <summary>One model step of the assistant: reply, or tool calls chosen from the registry (model call).</summary>
public sealed class PlanAssistantStep(AssistantPlanner planner)
{
    [Function(nameof(PlanAssistantStep))]
    public Task<AssistantStep> Run([ActivityTrigger] AssistantStepRequest input) => planner.PlanAsync(input);
}
