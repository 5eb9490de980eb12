using AiNative.Platform.Evals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Evals;

/// <summary>Reads the suite from the catalog and returns the case ids a run evaluates, so the orchestrator does no I/O.</summary>
public sealed class LoadEvalSuitePlan(EvalService evals)
{
    [Function(nameof(LoadEvalSuitePlan))]
    public Task<EvalRunPlan> Run([ActivityTrigger] EvalRunRequest input) => Task.FromResult(evals.PlanRun(input));
}
