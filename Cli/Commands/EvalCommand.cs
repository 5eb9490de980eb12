using System.CommandLine;
using AiNative.Cli.Hosting;

namespace AiNative.Cli.Commands;

/// <summary><c>ainative eval</c>: list and run the catalog's eval suites.</summary>
public static class EvalCommand
{
    /// <summary>Where suites are read from; shared by the subcommands.</summary>
    internal static Option<string?> CatalogOption() => new("--catalog")
    {
        Description = "Catalog folder (holding evals/). Default: AiNative__CatalogDirectory, else catalog/ next to the app, else ./catalog.",
        HelpName = "DIR",
    };

    public static Command Create(CliHost host) => new("eval", "Offline evaluation of prompts against versioned golden suites.")
    {
        EvalListCommand.Create(host),
        EvalRunCommand.Create(host),
    };
}
