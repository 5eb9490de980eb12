using System.CommandLine;
using AiNative.Cli.Jsonl;
using AiNative.Platform.Governance.Injection;

namespace AiNative.Cli.Commands;

/// <summary>
/// <c>ainative guard scan --input IN.jsonl --output OUT.jsonl</c>: scores each <c>{"id","text","channel"}</c> line for prompt
/// injection and writes <c>{"id","injection","score","reasons"}</c>. Malformed lines are reported on stderr with their
/// line number and skipped; the exit code is 4 when any were (see <see cref="ExitCodes"/>).
/// </summary>
public static class GuardCommand
{
    public static Command Create() => new("guard", "Guardrails from the command line: prompt-injection scanning of JSONL.")
    {
        Scan(),
    };

    private static Command Scan()
    {
        var input = new Option<string>("--input", "-i") { Description = "JSONL input, one {\"id\",\"text\",\"channel\"} per line (channel: user, document, tool_output; default user); '-' = stdin.", Required = true, HelpName = "IN.jsonl" };
        var output = new Option<string>("--output", "-o") { Description = "JSONL output, one {\"id\",\"injection\",\"score\",\"reasons\"} per scanned line; '-' = stdout.", Required = true, HelpName = "OUT.jsonl" };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Score from which a text counts as an injection (0..1).",
            DefaultValueFactory = _ => PromptInjectionDetector.DefaultThreshold,
            HelpName = "SCORE",
        };
        threshold.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                result.AddError("--threshold must be between 0 and 1.");
            }
        });

        var command = new Command("scan", "Score texts for prompt injection and jailbreaks (exit 0 ok, 4 some lines skipped, 2 usage error).")
        {
            input, output, threshold,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var inputPath = parsed.GetValue(input)!;
            using var reader = JsonlFiles.OpenInput(inputPath);
            var writer = JsonlFiles.OpenOutput(parsed.GetValue(output)!);
            await using var disposeWriter = writer.ConfigureAwait(false);
            var lines = new JsonlReader(reader, parsed.InvocationConfiguration.Error, inputPath == "-" ? "stdin" : inputPath);
            var results = new JsonlWriter(writer);
            var limit = parsed.GetValue(threshold);
            await foreach (var record in lines.ReadObjectsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!record.TryGetId(out var id, out var problem) || !record.TryGetString("text", out var text, out problem))
                {
                    await lines.SkipAsync(record.LineNumber, problem!).ConfigureAwait(false);
                    continue;
                }

                var channel = InjectionChannel.User;
                if (record.Root.TryGetProperty("channel", out _))
                {
                    if (!record.TryGetString("channel", out channel, out problem) || !InjectionChannel.IsKnown(channel))
                    {
                        await lines.SkipAsync(record.LineNumber, problem ?? $"\"channel\" must be one of {string.Join(", ", InjectionChannel.All)} (got \"{channel}\")").ConfigureAwait(false);
                        continue;
                    }
                }

                var verdict = PromptInjectionDetector.Detect(text, channel, limit);
                await results.WriteAsync(new ScanResult(id, verdict.Injection, verdict.Score, verdict.Reasons), cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return JsonlFiles.ExitCode(lines);
        });
        return command;
    }

    private sealed record ScanResult(string Id, bool Injection, double Score, IReadOnlyList<string> Reasons);
}
