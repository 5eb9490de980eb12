using System.Globalization;
using AiNative.Activities.Evals;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Evals;

/// <summary>Runs an eval suite: plan the cases, evaluate them in parallel (at most 8 at once), then score the run against the gate.</summary>
public static class RunEvalSuite
{
    /// <summary>Cases evaluated at once: bounds the load one run puts on the model gateway and its rate limits.</summary>
    public const int MaxConcurrentCases = 8;

    // An unknown suite or case will not appear on retry; anything else (a host restart, a transient catalog read) may.
    private static readonly TaskOptions Retry = new(new RetryPolicy(
        maxNumberOfAttempts: 3,
        firstRetryInterval: TimeSpan.FromSeconds(5),
        backoffCoefficient: 2)
    {
        HandleFailure = failure => !failure.IsCausedBy<EvalSuiteNotFoundException>() && !failure.IsCausedBy<KeyNotFoundException>(),
    });

    [Function(nameof(RunEvalSuite))]
    public static Task<EvalRunSummary> Run([OrchestrationTrigger] TaskOrchestrationContext context, EvalRunRequest input) =>
        OrchestratorFailures.Redacted(() => RunCore(context, input));

    private static async Task<EvalRunSummary> RunCore(TaskOrchestrationContext context, EvalRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        context.SetCustomStatus($"planning {input.Suite}");
        var plan = await context.CallActivityAsync<EvalRunPlan>(nameof(LoadEvalSuitePlan), input, Retry);

        var results = new List<EvalCaseResult>(plan.CaseIds.Count);
        var running = new List<Task<EvalCaseResult>>(MaxConcurrentCases);
        context.SetCustomStatus(Progress(results, plan));
        foreach (var caseId in plan.CaseIds)
        {
            if (running.Count == MaxConcurrentCases)
            {
                await CompleteOneAsync(context, running, results, plan);
            }

            running.Add(context.CallActivityAsync<EvalCaseResult>(nameof(EvaluateEvalCase), new EvalCaseRequest(plan.SuiteId, caseId), Retry));
        }

        while (running.Count > 0)
        {
            await CompleteOneAsync(context, running, results, plan);
        }

        context.SetCustomStatus($"summarizing {plan.SuiteId}@{plan.SuiteVersion}");
        var summary = await context.CallActivityAsync<EvalRunSummary>(
            nameof(SummarizeEvalRun), new EvalSummaryRequest(plan.SuiteId, results, input.MinScore), Retry);
        context.SetCustomStatus(string.Create(CultureInfo.InvariantCulture,
            $"{(summary.Passed ? "passed" : "failed")}: {summary.PassedCases}/{summary.TotalCases} cases, score {summary.OverallScore:0.000}"));
        return summary;
    }

    private static async Task CompleteOneAsync(
        TaskOrchestrationContext context, List<Task<EvalCaseResult>> running, List<EvalCaseResult> results, EvalRunPlan plan)
    {
        var done = await Task.WhenAny(running);
        running.Remove(done);
        results.Add(await done);
        context.SetCustomStatus(Progress(results, plan));
    }

    private static string Progress(List<EvalCaseResult> results, EvalRunPlan plan) =>
        $"evaluating {plan.SuiteId}@{plan.SuiteVersion}: {results.Count}/{plan.CaseIds.Count}";
}
