using AiNative.Orchestrations.Evals;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Tests.Evals;

/// <summary>
/// The shipped billing suite through the whole platform as registered by <c>AddAiNativePlatform</c>: repository
/// catalog, real model gateway and the offline provider. Needs the model plane merged (it registers IModelGateway).
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class RunEvalSuiteOnPlatformTests(DurableHostFixture fixture)
{
    [Fact]
    public async Task Evaluates_every_shipped_billing_case_through_the_platform_gateway()
    {
        var suite = fixture.Services.GetRequiredService<EvalCatalog>().GetSuite("billing-extraction");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var id = await fixture.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RunEvalSuite), new EvalRunRequest(suite.Id), cancel.Token);
        var run = await fixture.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var summary = run.ReadOutputAs<EvalRunSummary>()!;
        Assert.Equal((suite.Id, suite.Version, suite.Cases.Count), (summary.SuiteId, summary.SuiteVersion, summary.TotalCases));
        Assert.Equal(suite.Scorers.Select(s => s.Name), summary.Scorers.Select(s => s.Scorer));
        Assert.NotEmpty(summary.Models);
        Assert.NotEmpty(summary.PromptVersions);
        Assert.True(summary.InputTokens > 0);
        Assert.StartsWith(summary.Passed ? "passed: " : "failed: ", run.ReadCustomStatusAs<string>(), StringComparison.Ordinal);
    }
}
