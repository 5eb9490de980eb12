using System.Globalization;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.Evals.Scoring;

namespace AiNative.Platform.Evals;

/// <summary>Turns case results into a run summary and checks the suite's thresholds. Pure, so it is safe anywhere.</summary>
public static class EvalSummarizer
{
    // Means of binary scores land on values like 0.7999999999; a threshold of 0.8 must still pass them.
    private const double Epsilon = 1e-9;

    /// <summary>
    /// Per-scorer means, overall score (mean of case scores) and failed cases, compared with the thresholds.
    /// A suite case with no result counts as failed with score 0: a partial run never passes by omission.
    /// </summary>
    public static EvalRunSummary Summarize(EvalSuite suite, IReadOnlyList<EvalCaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(results);
        if (results.FirstOrDefault(r => r.SuiteId != suite.Id) is { } foreign)
        {
            throw new ArgumentException($"Result for case '{foreign.CaseId}' belongs to suite '{foreign.SuiteId}', not '{suite.Id}'.", nameof(results));
        }

        var byCase = results.GroupBy(r => r.CaseId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var caseIds = suite.Cases.Select(c => c.Id).Concat(byCase.Keys.Where(k => suite.Cases.All(c => c.Id != k))).ToList();
        var failed = caseIds.Where(id => !byCase.TryGetValue(id, out var r) || !r.Passed).ToList();
        var overall = caseIds.Count == 0 ? 0 : caseIds.Sum(id => byCase.TryGetValue(id, out var r) ? r.Score : 0) / caseIds.Count;

        var scorers = suite.Scorers.Select(s =>
        {
            var scores = byCase.Values.SelectMany(r => r.Scores).Where(x => x.Scorer == s.Name).ToList();
            return new EvalScorerSummary(
                s.Name,
                s.Field,
                EvalScoring.TypeName(s.Type),
                scores.Count == 0 ? 0 : scores.Average(x => x.Score),
                scores.Count,
                scores.Count(x => x.Passed),
                suite.Thresholds.PerScorerMin.TryGetValue(s.Name, out var min) ? min : null);
        }).ToList();

        var violations = new List<EvalThresholdViolation>();
        var thresholds = suite.Thresholds;
        if (overall < thresholds.OverallMinScore - Epsilon)
        {
            violations.Add(new("overall_min_score", overall, thresholds.OverallMinScore,
                $"overall score {F(overall)} is below the minimum {F(thresholds.OverallMinScore)}"));
        }

        foreach (var scorer in scorers.Where(s => s.MinScore is not null && s.Cases > 0 && s.MeanScore < s.MinScore - Epsilon))
        {
            violations.Add(new($"per_scorer_min.{scorer.Scorer}", scorer.MeanScore, scorer.MinScore!.Value,
                $"scorer '{scorer.Scorer}' mean {F(scorer.MeanScore)} is below the minimum {F(scorer.MinScore.Value)}"));
        }

        if (thresholds.MaxFailedCases is { } maxFailed && failed.Count > maxFailed)
        {
            violations.Add(new("max_failed_cases", failed.Count, maxFailed,
                $"{failed.Count} failed cases exceed the maximum {maxFailed} ({string.Join(", ", failed)})"));
        }

        return new EvalRunSummary(
            suite.Id,
            suite.Version,
            suite.Prompt,
            caseIds.Count,
            caseIds.Count - failed.Count,
            failed,
            overall,
            scorers,
            violations.Count == 0,
            violations,
            byCase.Values.Select(r => r.Model).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            byCase.Values.Select(r => r.PromptVersion).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            byCase.Values.Sum(r => r.InputTokens),
            byCase.Values.Sum(r => r.OutputTokens));
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
