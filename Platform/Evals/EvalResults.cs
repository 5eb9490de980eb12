namespace AiNative.Platform.Evals;

/// <summary>One scorer's verdict on one case: a score in 0..1 and pass/fail; <see cref="Detail"/> says why it failed.</summary>
public sealed record EvalScore(string Scorer, string Field, string Type, double Score, bool Passed, string? Detail = null);

/// <summary>
/// The outcome of one case. A failed model call is a failed case with <see cref="Error"/> set and every scorer at 0,
/// never an exception, so one bad case does not sink the run.
/// </summary>
public sealed record EvalCaseResult(
    string SuiteId,
    string SuiteVersion,
    string CaseId,
    bool Passed,
    double Score,
    IReadOnlyList<EvalScore> Scores,
    string? Model,
    string? PromptVersion,
    long InputTokens,
    long OutputTokens,
    double DurationMs,
    string? Error = null);

/// <summary>Mean score of one scorer over the cases it applies to, and the suite's minimum for it if any.</summary>
public sealed record EvalScorerSummary(string Scorer, string Field, string Type, double MeanScore, int Cases, int PassedCases, double? MinScore);

/// <summary>A threshold the run did not meet, with the measured and required numbers.</summary>
public sealed record EvalThresholdViolation(string Threshold, double Actual, double Required, string Message);

/// <summary>A scored run of a suite: the gate verdict, the violations, per-scorer means and the failed case ids.</summary>
public sealed record EvalRunSummary(
    string SuiteId,
    string SuiteVersion,
    string PromptId,
    int TotalCases,
    int PassedCases,
    IReadOnlyList<string> FailedCases,
    double OverallScore,
    IReadOnlyList<EvalScorerSummary> Scorers,
    bool Passed,
    IReadOnlyList<EvalThresholdViolation> Violations,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> PromptVersions,
    long InputTokens,
    long OutputTokens);

/// <summary>A summary together with every case result: what the CLI writes to its JSON results file.</summary>
public sealed record EvalRunReport(EvalRunSummary Summary, IReadOnlyList<EvalCaseResult> Cases);
