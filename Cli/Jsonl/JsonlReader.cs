using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AiNative.Cli.Jsonl;

/// <summary>
/// Reads a JSONL input one object per line. Blank lines are ignored; a line that is not a JSON object is reported on
/// the error writer as <c>{source}:{line}: skipped: {reason}</c> and skipped, and counted in <see cref="Skipped"/>.
/// Commands report their own field-level problems through <see cref="Skip"/> so every skipped line reads the same.
/// </summary>
public sealed class JsonlReader(TextReader input, TextWriter error, string sourceName)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Lines skipped so far (malformed JSON or rejected by the command).</summary>
    public int Skipped { get; private set; }

    /// <summary>Non-blank lines read so far.</summary>
    public int Read { get; private set; }

    /// <summary>The JSON object lines, in order.</summary>
    public async IAsyncEnumerable<JsonlRecord> ReadObjectsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Read++;
            if (lineNumber == 1 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line, DocumentOptions);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                await SkipAsync(lineNumber, $"not valid JSON ({FirstSentence(e.Message)})").ConfigureAwait(false);
                continue;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                await SkipAsync(lineNumber, $"expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}").ConfigureAwait(false);
                continue;
            }

            yield return new JsonlRecord(lineNumber, root);
        }
    }

    /// <summary>Reports line <paramref name="lineNumber"/> as skipped with <paramref name="reason"/>.</summary>
    public Task SkipAsync(int lineNumber, string reason)
    {
        Skipped++;
        return error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{sourceName}:{lineNumber}: skipped: {reason}"));
    }

    /// <summary>Synchronous <see cref="SkipAsync"/>.</summary>
    public void Skip(int lineNumber, string reason)
    {
        Skipped++;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sourceName}:{lineNumber}: skipped: {reason}"));
    }

    // System.Text.Json messages carry "Path: $ | LineNumber: 0 | BytePositionInLine: 5."; the byte position is the useful part.
    private static string FirstSentence(string message) => message.Replace(" LineNumber: 0 |", "", StringComparison.Ordinal).TrimEnd('.');
}
