using System.Text.Json;
using AiNative.Platform.ModelPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiNative.Cli.Tests;

public sealed class EvalCommandTests : IDisposable
{
    private readonly CliTestCatalog _catalog = new CliTestCatalog().Write("tickets.yaml", CliTestCatalog.TicketSuite);

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Lists_the_shipped_suites_when_given_the_repository_catalog()
    {
        var run = await CliRun.RunAsync(null, "eval", "list", "--catalog", CliTestCatalog.RepositoryCatalog());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"billing-extraction\s+1\.0\.0\s+extract-ticket-info\s+1[2-9]", run.Output);
        Assert.Matches(@"support-qa\s+1\.0\.0\s+answer-question", run.Output);
    }

    [Fact]
    public async Task Exits_0_and_prints_the_scorer_table_when_thresholds_pass()
    {
        var run = await CliRun.RunAsync(new TicketReadingGateway(), "eval", "run", "--suite", "tickets", "--catalog", _catalog.Root);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"customer_id_exact\s+customer_id\s+exact\s+1\.000\s+3/3\s+1\.000", run.Output);
        Assert.Matches(@"requested_amount_numeric\s+requested_amount\s+numeric\s+0\.667\s+2/3\s+-", run.Output);
        Assert.Contains("Overall score 0.917; 2/3 cases passed; model regex-reader, prompt extract-ticket-info v0.9.0", run.Output, StringComparison.Ordinal);
        Assert.Contains("words (0.750): requested_amount_numeric: expected 500, got null (not a number)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Gate: PASSED", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Exits_1_with_the_violation_when_the_min_score_override_is_not_met()
    {
        var run = await CliRun.RunAsync(new TicketReadingGateway(), "eval", "run", "-s", "tickets", "--catalog", _catalog.Root, "--min-score", "0.95");

        Assert.Equal(ExitCodes.GateFailed, run.ExitCode);
        Assert.Contains("Gate: FAILED", run.Output, StringComparison.Ordinal);
        Assert.Contains("- overall score 0.917 is below the minimum 0.950", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_1_when_every_model_call_fails()
    {
        var run = await CliRun.RunAsync(new FailingGateway(), "eval", "run", "--suite", "tickets", "--catalog", _catalog.Root);

        Assert.Equal(ExitCodes.GateFailed, run.ExitCode);
        Assert.Contains("outage (0.000): model call failed: model endpoint unreachable", run.Output, StringComparison.Ordinal);
        Assert.Contains("- 3 failed cases exceed the maximum 1 (outage, duplicate, words)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_the_summary_and_every_case_to_the_json_file()
    {
        var file = Path.Combine(_catalog.Root, "out", "results.json");

        var run = await CliRun.RunAsync(new TicketReadingGateway(), "eval", "run", "--suite", "tickets", "--catalog", _catalog.Root, "--output", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var summary = json.RootElement.GetProperty("summary");
        Assert.True(summary.GetProperty("passed").GetBoolean());
        Assert.Equal("2.0.0", summary.GetProperty("suiteVersion").GetString());
        Assert.Equal(["words"], summary.GetProperty("failedCases").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["outage", "duplicate", "words"], json.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()));
    }

    [Fact]
    public async Task Exits_2_listing_available_suites_when_the_suite_is_unknown()
    {
        var run = await CliRun.RunAsync(new TicketReadingGateway(), "eval", "run", "--suite", "ticket", "--catalog", _catalog.Root);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: No eval suite 'ticket'. Available: tickets.", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Exits_2_naming_file_and_field_when_a_suite_file_is_invalid()
    {
        _catalog.Write("broken.yaml", CliTestCatalog.TicketSuite.Replace("type: numeric", "type: approximately", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(new TicketReadingGateway(), "eval", "run", "--suite", "tickets", "--catalog", _catalog.Root);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("broken.yaml: scorers[2].type (line 12): 'approximately' is not a scorer type", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "eval", "run" }, "Option '--suite' is required.")]
    [InlineData(new[] { "eval", "run", "--suite", "tickets", "--min-score", "1.5" }, "--min-score must be between 0 and 1.")]
    [InlineData(new[] { "eval", "run", "--suite", "tickets", "--catalog", "/nonexistent/catalog" }, "catalog directory '/nonexistent/catalog' does not exist.")]
    [InlineData(new[] { "eval", "frobnicate" }, "Unrecognized command or argument 'frobnicate'.")]
    public async Task Exits_2_with_a_clear_message_on_usage_errors(string[] args, string message)
    {
        var run = await CliRun.RunAsync(new TicketReadingGateway(), args);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("error: " + message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_2_when_no_model_gateway_is_configured()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await AinativeCli.RunAsync(["eval", "run", "--suite", "tickets", "--catalog", _catalog.Root], output, error,
            services => services.RemoveAll<IModelGateway>());

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("no model gateway is registered", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class FailingGateway : IModelGateway
    {
        public Task<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default) =>
            throw new ModelCallException("model endpoint unreachable");
    }
}
