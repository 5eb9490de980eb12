using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;

namespace AiNative.Platform.Tests.Evals;

public sealed class EvalSummarizerTests
{
    private static EvalSuite Suite(double overall, double? idMin, double? amountMin, int? maxFailed)
    {
        var perScorer = new Dictionary<string, double>();
        if (idMin is { } a)
        {
            perScorer["id"] = a;
        }

        if (amountMin is { } b)
        {
            perScorer["amount"] = b;
        }

        var expected = new Dictionary<string, EvalExpectedValue> { ["customer_id"] = new(["C1"]), ["requested_amount"] = new(["1"]) };
        return new EvalSuite("s", "3.0.0", "", "extract-ticket-info", "ticket",
            [new("c1", "", expected, null), new("c2", "", expected, null), new("c3", "", expected, null), new("c4", "", expected, null)],
            [
                new("id", "customer_id", EvalScorerType.Exact, 0, false, [], null),
                new("amount", "requested_amount", EvalScorerType.Numeric, 0, false, [], null),
            ],
            new EvalThresholds(overall, perScorer, maxFailed), "s.yaml");
    }

    private static EvalCaseResult Result(string caseId, double id, double amount, string model = "gpt-x", string? error = null) =>
        new("s", "3.0.0", caseId, id >= 1 && amount >= 1, (id + amount) / 2,
            [new("id", "customer_id", "exact", id, id >= 1), new("amount", "requested_amount", "numeric", amount, amount >= 1)],
            error is null ? model : null, error is null ? "1.4.0" : null, 100, 10, 5, error);

    // Three perfect cases and one with the amount wrong: overall 0.875, id mean 1.0, amount mean 0.75, one failed case.
    private static readonly EvalCaseResult[] ThreeAndAHalf =
        [Result("c1", 1, 1), Result("c2", 1, 1, model: "gpt-y"), Result("c3", 1, 0), Result("c4", 1, 1)];

    [Fact]
    public void Passes_when_every_threshold_is_met_including_exact_boundaries()
    {
        var summary = EvalSummarizer.Summarize(Suite(overall: 0.875, idMin: 1.0, amountMin: 0.75, maxFailed: 1), ThreeAndAHalf);

        Assert.True(summary.Passed);
        Assert.Empty(summary.Violations);
        Assert.Equal(0.875, summary.OverallScore, 12);
        Assert.Equal(4, summary.TotalCases);
        Assert.Equal(3, summary.PassedCases);
        Assert.Equal(["c3"], summary.FailedCases);
        Assert.Equal([1.0, 0.75], summary.Scorers.Select(s => s.MeanScore));
        Assert.Equal([4, 3], summary.Scorers.Select(s => s.PassedCases));
        Assert.Equal([1.0, 0.75], summary.Scorers.Select(s => s.MinScore!.Value));
        Assert.Equal(["gpt-x", "gpt-y"], summary.Models);
        Assert.Equal(["1.4.0"], summary.PromptVersions);
        Assert.Equal(400, summary.InputTokens);
        Assert.Equal(40, summary.OutputTokens);
    }

    [Fact]
    public void Lists_each_violation_with_its_numbers_when_thresholds_are_missed()
    {
        var summary = EvalSummarizer.Summarize(Suite(overall: 0.9, idMin: 1.0, amountMin: 0.8, maxFailed: 0), ThreeAndAHalf);

        Assert.False(summary.Passed);
        Assert.Equal(
            [
                new EvalThresholdViolation("overall_min_score", 0.875, 0.9, "overall score 0.875 is below the minimum 0.900"),
                new EvalThresholdViolation("per_scorer_min.amount", 0.75, 0.8, "scorer 'amount' mean 0.750 is below the minimum 0.800"),
                new EvalThresholdViolation("max_failed_cases", 1, 0, "1 failed cases exceed the maximum 0 (c3)"),
            ],
            summary.Violations);
    }

    [Fact]
    public void Counts_missing_and_errored_cases_as_failed_with_score_zero()
    {
        var results = new[] { Result("c1", 1, 1), Result("c2", 0, 0, error: "model timed out"), Result("c4", 1, 1) };

        var summary = EvalSummarizer.Summarize(Suite(overall: 0.5, idMin: null, amountMin: null, maxFailed: null), results);

        Assert.Equal(["c2", "c3"], summary.FailedCases);
        Assert.Equal(0.5, summary.OverallScore, 12);
        Assert.Equal(2.0 / 3, summary.Scorers[0].MeanScore, 12);
        Assert.Equal(3, summary.Scorers[0].Cases);
        Assert.True(summary.Passed);
        Assert.Equal(["gpt-x"], summary.Models);
    }

    [Fact]
    public void Rejects_results_from_another_suite()
    {
        var foreign = Result("c1", 1, 1) with { SuiteId = "other" };

        Assert.Throws<ArgumentException>(() => EvalSummarizer.Summarize(Suite(0, null, null, null), [foreign]));
    }
}
