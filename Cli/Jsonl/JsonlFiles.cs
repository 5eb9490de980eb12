using System.Text;
using AiNative.Cli.Hosting;

namespace AiNative.Cli.Jsonl;

/// <summary>Opens the <c>--input</c> and <c>--output</c> of a JSONL command; <c>-</c> means standard input or output.</summary>
public static class JsonlFiles
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The input file as text (UTF-8, BOM tolerated).</summary>
    /// <exception cref="CliUsageException">The file does not exist or cannot be read.</exception>
    public static TextReader OpenInput(string path)
    {
        if (path == "-")
        {
            return new StreamReader(Console.OpenStandardInput(), Utf8NoBom);
        }

        try
        {
            return new StreamReader(path, Utf8NoBom, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read input '{path}': {e.Message}", e);
        }
    }

    /// <summary>The output file (created or truncated, folder created) as UTF-8 text without a BOM.</summary>
    /// <exception cref="CliUsageException">The file cannot be created.</exception>
    public static TextWriter OpenOutput(string path)
    {
        if (path == "-")
        {
            return new StreamWriter(Console.OpenStandardOutput(), Utf8NoBom) { AutoFlush = false };
        }

        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return new StreamWriter(full, Utf8NoBom, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot write output '{path}': {e.Message}", e);
        }
    }

    /// <summary>The process exit code for a finished JSONL command: <see cref="ExitCodes.LinesSkipped"/> when any line was skipped.</summary>
    public static int ExitCode(JsonlReader reader) =>
        (reader ?? throw new ArgumentNullException(nameof(reader))).Skipped > 0 ? ExitCodes.LinesSkipped : ExitCodes.Success;
}
