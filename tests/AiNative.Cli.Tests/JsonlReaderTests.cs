using AiNative.Cli.Jsonl;

namespace AiNative.Cli.Tests;

public sealed class JsonlReaderTests
{
    [Fact]
    public async Task Malformed_lines_are_reported_with_their_line_number_and_skipped()
    {
        const string input = "{\"id\":\"a\",\"text\":\"one\"}\n\nnot json\n[1,2]\n{\"id\":7,\"text\":\"two\"}\n{\"id\":\"b\",\"text\":5}\n";
        using var error = new StringWriter();
        var reader = new JsonlReader(new StringReader(input), error, "in.jsonl");

        var kept = new List<(int Line, string Id, string Text)>();
        await foreach (var record in reader.ReadObjectsAsync())
        {
            if (!record.TryGetId(out var id, out var problem) || !record.TryGetString("text", out var text, out problem))
            {
                await reader.SkipAsync(record.LineNumber, problem!);
                continue;
            }

            kept.Add((record.LineNumber, id, text));
        }

        Assert.Equal([(1, "a", "one"), (5, "7", "two")], kept);
        Assert.Equal(3, reader.Skipped);
        Assert.Equal(5, reader.Read);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("in.jsonl:3: skipped: not valid JSON", lines[0], StringComparison.Ordinal);
        Assert.Equal("in.jsonl:4: skipped: expected a JSON object, got array", lines[1]);
        Assert.Equal("in.jsonl:6: skipped: \"text\" must be a string, not number", lines[2]);
        Assert.Equal(ExitCodes.LinesSkipped, JsonlFiles.ExitCode(reader));
    }

    [Fact]
    public async Task Writer_writes_one_compact_camel_case_line_per_value()
    {
        using var output = new StringWriter();
        var writer = new JsonlWriter(output);

        await writer.WriteAsync(new { Id = "x", Text = "Zoë <b>", Missing = (string?)null });
        await writer.WriteAsync(new { Id = "y" });

        Assert.Equal("{\"id\":\"x\",\"text\":\"Zoë <b>\"}\n{\"id\":\"y\"}\n", output.ToString());
        Assert.Equal(2, writer.Written);
    }
}
