using AiNative.Orchestrations.Hosting;
using AiNative.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Agents;

/// <summary>One agent run, as a durable orchestration: dispatches to the agent's graph.</summary>
public static class RunAgent
{
    [Function(nameof(RunAgent))]
    public static Task<AgentRunResult> Run([OrchestrationTrigger] TaskOrchestrationContext context, AgentRunRequest request) =>
        OrchestratorFailures.Redacted(() => RunCore(context, request));

    private static Task<AgentRunResult> RunCore(TaskOrchestrationContext context, AgentRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        DurableSpans.DescribeAgentOrchestration(context.InstanceId, request.Agent);
        return request.Agent switch
        {
            AgentCatalog.BillingResolution => BillingResolutionFlow.RunAsync(context, request),
            _ => throw new InvalidOperationException($"Unknown agent '{request.Agent}'. Known agents: {string.Join(", ", AgentCatalog.Names)}."),
        };
    }
}
