using System.CommandLine;
using AiNative.Cli.Commands;
using AiNative.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Cli;

/// <summary>The <c>ainative</c> command line; <see cref="RunAsync"/> is the whole program, callable in-process by tests.</summary>
public static class AinativeCli
{
    /// <summary>
    /// Parses and runs one command line, writing to the given streams, and returns the exit code (see <see cref="ExitCodes"/>).
    /// <paramref name="configureServices"/> is applied after the platform's registrations: it lets a test replace a boundary
    /// such as the model gateway.
    /// </summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        var host = new CliHost(configureServices);
        var root = new RootCommand("ainative: run the AI-native platform's artifacts from the command line (evals with a CI gate).")
        {
            EvalCommand.Create(host),
            GuardCommand.Create(),
            PiiCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'ainative --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
#pragma warning disable CA1031 // The CLI's last line of defence: report, never crash with a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"error: unexpected {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
