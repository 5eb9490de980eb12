using System.Text.Json;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.ModelPlane;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.Evals;

public sealed class EvalServiceTests : IDisposable
{
    private readonly EvalTestCatalog _catalog = new();

    public EvalServiceTests() => _catalog.Write("mini.yaml", EvalTestCatalog.MiniSuite).Write("qa.yaml", """
        id: qa
        version: 0.1.0
        prompt: answer-question
        input_variable: question
        scorers:
          - field: text
            type: contains
        thresholds:
          overall_min_score: 1
        cases:
          - id: refund
            input: How long do refunds take?
            context: Refunds take 5 business days.
            expected:
              text: ["5 business days"]
        """);

    public void Dispose() => _catalog.Dispose();

    private EvalService Service(IModelGateway gateway) =>
        new(_catalog.Load(), gateway, new FakeTimeProvider(), NullLogger<EvalService>.Instance);

    // Stands in for a model: reads the customer id and the amount from the ticket text.
    private static ModelResponse ReadTicket(ModelRequest request)
    {
        var words = request.Variables["ticket"].Split(' ');
        decimal? amount = decimal.TryParse(words[2], out var value) ? value : null;
        return ScriptedModelGateway.Json(request, new { customer_id = words[0], requested_amount = amount });
    }

    [Fact]
    public async Task Passes_a_case_and_records_model_version_and_tokens_when_the_answer_matches()
    {
        var gateway = new ScriptedModelGateway(ReadTicket);

        var result = await Service(gateway).EvaluateCaseAsync("mini", "a");

        Assert.True(result.Passed);
        Assert.Equal(1, result.Score);
        Assert.Equal(["customer_id_exact", "requested_amount_numeric"], result.Scores.Select(s => s.Scorer));
        Assert.Equal(("scripted-1", "2.1.0", 120L, 30L), (result.Model, result.PromptVersion, result.InputTokens, result.OutputTokens));
        Assert.Equal(("mini", "1.2.0", "a"), (result.SuiteId, result.SuiteVersion, result.CaseId));
        Assert.Null(result.Error);
        var request = Assert.Single(gateway.Requests);
        Assert.Equal("extract-ticket-info", request.PromptId);
        Assert.Equal(new Dictionary<string, string> { ["ticket"] = "C11111 wants 100 EUR back" }, request.Variables);
    }

    [Fact]
    public async Task Fails_a_case_with_per_scorer_detail_when_the_answer_is_wrong()
    {
        var gateway = new ScriptedModelGateway(r => ScriptedModelGateway.Json(r, new { customer_id = "C22222", requested_amount = 15 }));

        var result = await Service(gateway).EvaluateCaseAsync("mini", "b");

        Assert.False(result.Passed);
        Assert.Equal(0.5, result.Score);
        Assert.Equal([true, false], result.Scores.Select(s => s.Passed));
        Assert.Equal("expected no value, got '15'", result.Scores[1].Detail);
    }

    [Fact]
    public async Task Returns_a_failed_case_with_the_error_when_the_model_call_throws()
    {
        var gateway = ScriptedModelGateway.Failing(new ModelCallException("output broke schema 'extract-ticket-info' after 2 attempts"));

        var result = await Service(gateway).EvaluateCaseAsync("mini", "a");

        Assert.False(result.Passed);
        Assert.Equal(0, result.Score);
        Assert.Equal("output broke schema 'extract-ticket-info' after 2 attempts", result.Error);
        Assert.All(result.Scores, s => Assert.Equal((0.0, false, "model call failed"), (s.Score, s.Passed, s.Detail)));
        Assert.Equal(2, result.Scores.Count);
        Assert.Null(result.Model);
    }

    [Fact]
    public async Task Names_the_exception_type_when_the_gateway_fails_unexpectedly()
    {
        var result = await Service(ScriptedModelGateway.Failing(new HttpRequestException("connection refused"))).EvaluateCaseAsync("mini", "a");

        Assert.Equal("HttpRequestException: connection refused", result.Error);
    }

    [Fact]
    public async Task Passes_the_case_context_as_the_context_variable()
    {
        var gateway = new ScriptedModelGateway(r => ScriptedModelGateway.Text(r, "It takes 5 business days. " + r.Variables["context"]));

        var result = await Service(gateway).EvaluateCaseAsync("qa", "refund");

        Assert.True(result.Passed);
        var request = Assert.Single(gateway.Requests);
        Assert.Equal("How long do refunds take?", request.Variables["question"]);
        Assert.Equal("Refunds take 5 business days.", request.Variables["context"].TrimEnd());
    }

    [Fact]
    public async Task Throws_for_an_unknown_suite_or_case()
    {
        var service = Service(new ScriptedModelGateway(ReadTicket));

        var missingSuite = await Assert.ThrowsAsync<EvalSuiteNotFoundException>(() => service.EvaluateCaseAsync("billing", "a"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => service.EvaluateCaseAsync("mini", "zz"));

        Assert.Equal(["mini", "qa"], missingSuite.AvailableSuites);
        Assert.Equal(["mini", "qa"], service.SuiteIds);
    }

    [Fact]
    public async Task Runs_a_whole_suite_and_applies_the_min_score_override()
    {
        // Case b answers an amount where none is expected: overall 0.75, one failed case.
        var service = Service(new ScriptedModelGateway(r => ScriptedModelGateway.Json(r, new { customer_id = r.Variables["ticket"][..6], requested_amount = 100 })));

        var asDeclared = await service.RunSuiteAsync(new EvalRunRequest("mini"), maxConcurrency: 2);
        var stricter = await service.RunSuiteAsync(new EvalRunRequest("mini", MinScore: 0.8));

        Assert.Equal(["a", "b"], asDeclared.Cases.Select(c => c.CaseId));
        Assert.Equal(0.75, asDeclared.Summary.OverallScore);
        Assert.Equal(["max_failed_cases"], asDeclared.Summary.Violations.Select(v => v.Threshold));
        Assert.Equal(["overall_min_score", "max_failed_cases"], stricter.Summary.Violations.Select(v => v.Threshold));
        Assert.Equal(0.8, stricter.Summary.Violations[0].Required);
    }

    [Fact]
    public async Task Round_trips_results_and_summaries_through_system_text_json()
    {
        var service = Service(new ScriptedModelGateway(ReadTicket));
        var report = await service.RunSuiteAsync(new EvalRunRequest("mini"));

        var caseCopy = JsonSerializer.Deserialize<EvalCaseResult>(JsonSerializer.Serialize(report.Cases[0]))!;
        var summaryCopy = JsonSerializer.Deserialize<EvalRunSummary>(JsonSerializer.Serialize(report.Summary))!;
        var plan = JsonSerializer.Deserialize<EvalRunPlan>(JsonSerializer.Serialize(service.PlanRun(new EvalRunRequest("mini"))))!;

        Assert.Equal(report.Cases[0].Scores, caseCopy.Scores);
        Assert.Equal(report.Cases[0] with { Scores = [] }, caseCopy with { Scores = [] });
        Assert.True(summaryCopy.Passed);
        Assert.Equal(report.Summary.Scorers, summaryCopy.Scorers);
        Assert.Equal(report.Summary.FailedCases, summaryCopy.FailedCases);
        Assert.Equal(["a", "b"], plan.CaseIds);
    }
}
