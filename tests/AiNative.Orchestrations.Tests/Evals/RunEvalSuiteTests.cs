using AiNative.Orchestrations.Evals;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using Microsoft.DurableTask.Client;

namespace AiNative.Orchestrations.Tests.Evals;

public sealed class RunEvalSuiteTests(EvalDurableHost host) : IClassFixture<EvalDurableHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private async Task<OrchestrationMetadata> RunAsync(EvalRunRequest request)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RunEvalSuite), request, cancel.Token);
        return await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
    }

    [Fact]
    public async Task Fans_out_every_case_at_most_eight_at_a_time_and_gates_on_the_thresholds()
    {
        var callsBefore = host.Gateway.Calls;

        var run = await RunAsync(new EvalRunRequest("twenty"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var summary = run.ReadOutputAs<EvalRunSummary>()!;
        Assert.Equal(("twenty", "4.2.0", "extract-ticket-info"), (summary.SuiteId, summary.SuiteVersion, summary.PromptId));
        Assert.Equal(20, summary.TotalCases);
        Assert.Equal(17, summary.PassedCases);
        Assert.Equal(["t04", "t11", "t17"], summary.FailedCases);
        Assert.Equal(0.9, summary.OverallScore, 12);
        Assert.Equal([1.0 - 1.0 / 20, 1.0 - 3.0 / 20], summary.Scorers.Select(s => Math.Round(s.MeanScore, 12)));
        Assert.False(summary.Passed);
        Assert.Equal(
            [new EvalThresholdViolation("max_failed_cases", 3, 2, "3 failed cases exceed the maximum 2 (t04, t11, t17)")],
            summary.Violations);
        Assert.Equal(["fake-extractor"], summary.Models);
        Assert.Equal(19 * 50, summary.InputTokens);
        Assert.Equal("failed: 17/20 cases, score 0.900", run.ReadCustomStatusAs<string>());
        Assert.True(host.Gateway.Calls - callsBefore >= 20);
        Assert.InRange(host.Gateway.MaxInFlight, 1, RunEvalSuite.MaxConcurrentCases);
    }

    [Fact]
    public async Task Passes_and_applies_the_min_score_override()
    {
        var passing = await RunAsync(new EvalRunRequest("three"));
        var overridden = await RunAsync(new EvalRunRequest("twenty", MinScore: 0.95));

        var summary = passing.ReadOutputAs<EvalRunSummary>()!;
        Assert.True(summary.Passed);
        Assert.Equal((3, 1.0), (summary.PassedCases, summary.OverallScore));
        Assert.Equal("passed: 3/3 cases, score 1.000", passing.ReadCustomStatusAs<string>());
        var violations = overridden.ReadOutputAs<EvalRunSummary>()!.Violations;
        Assert.Equal(["overall_min_score", "max_failed_cases"], violations.Select(v => v.Threshold));
        Assert.Equal(0.95, violations[0].Required);
    }

    [Fact]
    public async Task Fails_naming_the_available_suites_when_the_suite_does_not_exist()
    {
        var run = await RunAsync(new EvalRunRequest("no-such-suite"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var cause = run.FailureDetails?.InnerFailure;
        Assert.NotNull(cause);
        Assert.True(cause.IsCausedBy<EvalSuiteNotFoundException>(), cause.ErrorType);
        Assert.Contains("Available: three, twenty", cause.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("planning no-such-suite", run.ReadCustomStatusAs<string>());
    }
}
