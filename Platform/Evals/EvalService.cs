using System.Diagnostics;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.Evals.Scoring;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.Evals;

/// <summary>Runs catalog eval suites against the model gateway: one case at a time (durable fan-out) or a whole suite in-process (CLI).</summary>
public sealed class EvalService(EvalCatalog catalog, IModelGateway gateway, TimeProvider timeProvider, ILogger<EvalService> logger)
{
    /// <summary>Prompt variable that a case's optional <c>context</c> fills (retrieval-grounded prompts such as <c>answer-question</c>).</summary>
    public const string ContextVariable = "context";

    private const int ErrorLength = 300;

    /// <summary>Ids of every suite in the catalog.</summary>
    public IReadOnlyList<string> SuiteIds => catalog.SuiteIds;

    /// <exception cref="EvalSuiteNotFoundException">No suite has this id.</exception>
    public EvalSuite GetSuite(string id) => catalog.GetSuite(id);

    /// <summary>The cases a run of the requested suite evaluates.</summary>
    /// <exception cref="EvalSuiteNotFoundException">No suite has this id.</exception>
    public EvalRunPlan PlanRun(EvalRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var suite = catalog.GetSuite(request.Suite);
        return new EvalRunPlan(suite.Id, suite.Version, suite.Prompt, suite.Cases.Select(c => c.Id).ToList());
    }

    /// <summary>
    /// Runs the suite's prompt on one case and scores the answer. A failed model call is returned as a failed case
    /// carrying the error; only an unknown suite or case, or cancellation, throws.
    /// </summary>
    public async Task<EvalCaseResult> EvaluateCaseAsync(string suiteId, string caseId, CancellationToken cancellationToken = default)
    {
        var suite = catalog.GetSuite(suiteId);
        var evalCase = suite.GetCase(caseId);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { [suite.InputVariable] = evalCase.Input };
        if (evalCase.Context is not null)
        {
            variables[ContextVariable] = evalCase.Context;
        }

        using var span = EvalsTelemetry.StartCase(suite, evalCase);
        var started = timeProvider.GetTimestamp();
        ModelResponse response;
        try
        {
            response = await gateway.CompleteAsync(new ModelRequest(suite.Prompt, variables), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = Clip(e is ModelCallException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            EvalsLog.ModelCallFailed(logger, suite.Id, evalCase.Id, e);
            SpanFailures.Record(span, e, error);
            var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            return new EvalCaseResult(suite.Id, suite.Version, evalCase.Id, false, 0, EvalScoring.Unscored(suite, evalCase, "model call failed"),
                null, null, 0, 0, elapsed, error);
        }

        var scores = EvalScoring.Score(suite, evalCase, response);
        var score = scores.Count == 0 ? 1 : scores.Average(s => s.Score);
        var passed = scores.All(s => s.Passed);
        var result = new EvalCaseResult(suite.Id, suite.Version, evalCase.Id, passed, score, scores, response.Model, response.PromptVersion,
            response.InputTokens, response.OutputTokens, timeProvider.GetElapsedTime(started).TotalMilliseconds);
        EvalsTelemetry.Record(span, result);
        EvalsLog.CaseEvaluated(logger, suite.Id, evalCase.Id, score, passed);
        return result;
    }

    /// <summary>Scores the results against the suite's thresholds (see <see cref="EvalSummarizer.Summarize"/>).</summary>
    public EvalRunSummary Summarize(EvalSuite suite, IReadOnlyList<EvalCaseResult> results)
    {
        var summary = EvalSummarizer.Summarize(suite, results);
        EvalsLog.RunSummarized(logger, summary.SuiteId, summary.SuiteVersion, summary.OverallScore, summary.PassedCases, summary.TotalCases, summary.Passed);
        return summary;
    }

    /// <summary>Scores the results of a run of <see cref="EvalSummaryRequest.SuiteId"/>, with the optional overall minimum override.</summary>
    public EvalRunSummary Summarize(EvalSummaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Summarize(WithMinScore(catalog.GetSuite(request.SuiteId), request.MinScore), request.Results);
    }

    /// <summary>Evaluates every case of the suite in-process, at most <paramref name="maxConcurrency"/> at once, and summarises.</summary>
    public async Task<EvalRunReport> RunSuiteAsync(
        EvalRunRequest request, int maxConcurrency = 4, IProgress<EvalCaseResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var plan = PlanRun(request);
        var results = new EvalCaseResult[plan.CaseIds.Count];
        await Parallel.ForAsync(0, plan.CaseIds.Count, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await EvaluateCaseAsync(plan.SuiteId, plan.CaseIds[i], ct).ConfigureAwait(false);
                progress?.Report(results[i]);
            }).ConfigureAwait(false);
        return new EvalRunReport(Summarize(new EvalSummaryRequest(plan.SuiteId, results, request.MinScore)), results);
    }

    private static EvalSuite WithMinScore(EvalSuite suite, double? minScore)
    {
        if (minScore is null)
        {
            return suite;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minScore.Value, 0, nameof(minScore));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minScore.Value, 1, nameof(minScore));
        return suite with { Thresholds = suite.Thresholds with { OverallMinScore = minScore.Value } };
    }

    private static string Clip(string text) => text.Length <= ErrorLength ? text : text[..ErrorLength] + "…";
}
