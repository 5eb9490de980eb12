using System.CommandLine;
using System.Globalization;
using AiNative.Cli.Hosting;

namespace AiNative.Cli.Commands;

/// <summary><c>ainative eval list</c>: the suites in the catalog with version, prompt and case count.</summary>
public static class EvalListCommand
{
    public static Command Create(CliHost host)
    {
        var catalog = EvalCommand.CatalogOption();
        var command = new Command("list", "List the eval suites in the catalog.") { catalog };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            await using var services = host.Build(parsed.GetValue(catalog));
            var evals = CliHost.GetEvalCatalog(services);
            if (evals.SuiteIds.Count == 0)
            {
                await output.WriteLineAsync($"No eval suites in {CliHost.EvalsDirectory(services)}.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var rows = evals.SuiteIds.Select(evals.GetSuite)
                .Select(s => new[] { s.Id, s.Version, s.Prompt, s.Cases.Count.ToString(CultureInfo.InvariantCulture), TextTable.Clip(s.Description.Trim(), 70) })
                .ToList();
            await output.WriteAsync(TextTable.Render(["Suite", "Version", "Prompt", "Cases", "Description"], rows)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
