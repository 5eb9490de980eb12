using AiNative.Platform.Evals;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Evals;

/// <summary>Runs one eval case through the model gateway and scores it; a failed model call comes back as a failed case.</summary>
public sealed class EvaluateEvalCase(EvalService evals)
{
    [Function(nameof(EvaluateEvalCase))]
    public Task<EvalCaseResult> Run([ActivityTrigger] EvalCaseRequest input) => evals.EvaluateCaseAsync(input.SuiteId, input.CaseId);
}
