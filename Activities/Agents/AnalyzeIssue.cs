using AiNative.Platform.AgentPlane.Agents;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Agents;

/// <summary>Decides what to do, how much to refund and how sure it is (model call).</summary>
public sealed class AnalyzeIssue(BillingResolutionSteps steps)
{
    [Function(nameof(AnalyzeIssue))]
    public Task<IssueAnalysis> Run([ActivityTrigger] AnalysisRequest input) => steps.AnalyzeIssueAsync(input);
}
