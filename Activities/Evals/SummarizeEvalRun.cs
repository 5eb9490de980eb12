using AiNative.Platform.Evals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Evals;

/// <summary>Scores a finished run against the suite's thresholds (the suite is read here, never in the orchestrator).</summary>
public sealed class SummarizeEvalRun(EvalService evals)
{
    [Function(nameof(SummarizeEvalRun))]
    public Task<EvalRunSummary> Run([ActivityTrigger] EvalSummaryRequest input) => Task.FromResult(evals.Summarize(input));
}
