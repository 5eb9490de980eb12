namespace AiNative.Platform.Evals;

/// <summary>Starts a run of suite <see cref="Suite"/>; <see cref="MinScore"/> overrides the suite's overall minimum.</summary>
public sealed record EvalRunRequest(string Suite, double? MinScore = null);

/// <summary>What a run will evaluate: the suite's version and its case ids, in catalog order.</summary>
public sealed record EvalRunPlan(string SuiteId, string SuiteVersion, string PromptId, IReadOnlyList<string> CaseIds);

/// <summary>Evaluates case <see cref="CaseId"/> of suite <see cref="SuiteId"/>.</summary>
public sealed record EvalCaseRequest(string SuiteId, string CaseId);

/// <summary>Scores a finished run against the suite's thresholds (<see cref="MinScore"/> overrides the overall minimum).</summary>
public sealed record EvalSummaryRequest(string SuiteId, IReadOnlyList<EvalCaseResult> Results, double? MinScore = null);
