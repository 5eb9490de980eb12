using System.CommandLine;
using System.Text.Json;
using AiNative.Cli.Hosting;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;

namespace AiNative.Cli.Commands;

/// <summary>
/// <c>ainative eval run --suite ID</c>: evaluates every case in-process through the platform's model gateway, prints
/// the per-scorer table, and exits 0 when the suite's thresholds pass and 1 when they do not (the CI gate).
/// </summary>
public static class EvalRunCommand
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliHost host)
    {
        var suite = new Option<string>("--suite", "-s") { Description = "Id of the suite to run (see 'ainative eval list').", Required = true, HelpName = "ID" };
        var catalog = EvalCommand.CatalogOption();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the summary and every case result to this JSON file.", HelpName = "FILE" };
        var minScore = new Option<double?>("--min-score") { Description = "Override the suite's overall minimum score (0..1).", HelpName = "SCORE" };
        minScore.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && (value < 0 || value > 1 || double.IsNaN(value)))
            {
                result.AddError("--min-score must be between 0 and 1.");
            }
        });
        var concurrency = new Option<int>("--max-concurrency")
        {
            Description = "Cases evaluated at once.",
            DefaultValueFactory = _ => 4,
            HelpName = "N",
        };
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--max-concurrency must be at least 1.");
            }
        });

        var command = new Command("run", "Run an eval suite and gate on its thresholds (exit 0 pass, 1 fail, 2 usage error).")
        {
            suite, catalog, output, minScore, concurrency,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var writer = parsed.InvocationConfiguration.Output;
            await using var services = host.Build(parsed.GetValue(catalog));
            EvalSuite definition;
            try
            {
                definition = CliHost.GetEvalCatalog(services).GetSuite(parsed.GetValue(suite)!);
            }
            catch (EvalSuiteNotFoundException e)
            {
                throw new CliUsageException(e.Message, e);
            }

            var evals = CliHost.GetEvalService(services);

            await writer.WriteLineAsync($"Running {definition.Id}@{definition.Version}: {definition.Cases.Count} cases of prompt '{definition.Prompt}'...")
                .ConfigureAwait(false);
            var report = await evals.RunSuiteAsync(
                new EvalRunRequest(definition.Id, parsed.GetValue(minScore)), parsed.GetValue(concurrency), cancellationToken: cancellationToken).ConfigureAwait(false);

            await writer.WriteAsync(EvalReportText.Render(report)).ConfigureAwait(false);
            if (parsed.GetValue(output) is { } file)
            {
                file.Directory?.Create();
                await using var stream = file.Create();
                await JsonSerializer.SerializeAsync(stream, report, ReportJson, cancellationToken).ConfigureAwait(false);
                await writer.WriteLineAsync($"Results written to {file.FullName}").ConfigureAwait(false);
            }

            return report.Summary.Passed ? ExitCodes.Success : ExitCodes.GateFailed;
        });
        return command;
    }
}
