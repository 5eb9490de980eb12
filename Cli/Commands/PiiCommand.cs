using System.CommandLine;
using AiNative.Cli.Hosting;
using AiNative.Cli.Jsonl;
using AiNative.Platform.Governance.Pii;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiNative.Cli.Commands;

/// <summary><c>ainative pii</c>: detect, redact and decrypt personal data in JSONL files (one <c>{"id","text"}</c> per line).</summary>
public static class PiiCommand
{
    public static Command Create() => new("pii", "Detect, redact or decrypt PII and secrets in JSONL ({\"id\",\"text\"} per line; '-' = stdin/stdout).")
    {
        PiiDetectCommand.Create(),
        PiiRedactCommand.Create(),
        PiiDecryptCommand.Create(),
    };

    internal static Option<string> Input() => new("--input", "-i") { Description = "JSONL input, one {\"id\",\"text\"} per line ('-' = stdin).", Required = true, HelpName = "IN.jsonl" };

    internal static Option<string> Output() => new("--output", "-o") { Description = "JSONL output ('-' = stdout).", Required = true, HelpName = "OUT.jsonl" };

    internal static Option<double> MinScore()
    {
        var option = new Option<double>("--min-score") { Description = "Report findings scoring at least this (0..1).", DefaultValueFactory = _ => 0.5, HelpName = "SCORE" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var value && (value < 0 || value > 1 || double.IsNaN(value)))
            {
                result.AddError("--min-score must be between 0 and 1.");
            }
        });
        return option;
    }

    /// <summary>The operator keys from the environment (<c>Guardrails__Pii__HashKey</c>, <c>Guardrails__Pii__EncryptionKey</c>).</summary>
    /// <exception cref="CliUsageException">A configured key is too short.</exception>
    internal static PiiKeys Keys()
    {
        var options = new PiiKeyOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(PiiKeyOptions.Section).Bind(options);
        var validation = new PiiKeyOptionsValidator().Validate(null, options);
        return validation.Failed
            ? throw new CliUsageException($"invalid configuration: {validation.FailureMessage}")
            : new PiiKeys(Options.Create(options));
    }

    /// <summary>Fails with a usage error naming the setting when <paramref name="op"/> needs a key that is not set.</summary>
    internal static void EnsureKey(PiiKeys keys, PiiOperator op)
    {
        try
        {
            keys.EnsureAvailable(op);
        }
        catch (InvalidOperationException e)
        {
            throw new CliUsageException(e.Message, e);
        }
    }

    internal static PiiDecryptor Decryptor(PiiKeys keys) => new(keys, NullLogger<PiiDecryptor>.Instance);

    /// <summary>Reads every valid <c>{"id","text"}</c> line, writes what <paramref name="process"/> returns, and gives the exit code.</summary>
    internal static async Task<int> RunAsync(ParseResult parsed, Option<string> input, Option<string> output, string verb,
        Func<JsonlRecord, string, string, JsonlReader, object?> process, CancellationToken cancellationToken)
    {
        var error = parsed.InvocationConfiguration.Error;
        var inputPath = parsed.GetValue(input)!;
        using var reader = JsonlFiles.OpenInput(inputPath);
        await using var writer = JsonlFiles.OpenOutput(parsed.GetValue(output)!);
        var lines = new JsonlReader(reader, error, inputPath == "-" ? "stdin" : inputPath);
        var jsonl = new JsonlWriter(writer);
        await foreach (var record in lines.ReadObjectsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!record.TryGetId(out var id, out var problem) || !record.TryGetString("text", out var text, out problem))
            {
                await lines.SkipAsync(record.LineNumber, problem!).ConfigureAwait(false);
                continue;
            }

            if (process(record, id, text, lines) is { } result)
            {
                await jsonl.WriteAsync(result, cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await error.WriteLineAsync($"pii {verb}: {lines.Read} lines read, {jsonl.Written} written, {lines.Skipped} skipped").ConfigureAwait(false);
        return JsonlFiles.ExitCode(lines);
    }
}

/// <summary>One finding as written to JSONL (UTF-16 offsets into the line's <c>text</c>).</summary>
internal sealed record PiiEntityLine(string Type, int Start, int End, double Score)
{
    public static PiiEntityLine[] From(IEnumerable<PiiFinding> findings) =>
        [.. findings.Select(f => new PiiEntityLine(f.Type, f.Start, f.End, f.Score))];
}
