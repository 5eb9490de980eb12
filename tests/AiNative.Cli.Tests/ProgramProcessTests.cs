using System.Diagnostics;

namespace AiNative.Cli.Tests;

/// <summary>The real executable: Program.cs wires the command line to the process exit code.</summary>
public sealed class ProgramProcessTests
{
    [Fact]
    public async Task Process_exits_2_and_lists_suites_when_the_suite_is_unknown()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ainative.dll"), "eval", "run", "--suite", "no-such-suite", "--catalog", CliTestCatalog.RepositoryCatalog() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(ExitCodes.UsageError, process.ExitCode);
        Assert.Contains("No eval suite 'no-such-suite'. Available: billing-extraction, support-qa.", error, StringComparison.Ordinal);
    }
}
