using System.CommandLine;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Cli.Commands;

/// <summary><c>ainative pii detect</c>: each line <c>{"id","text"}</c> becomes <c>{"id","entities":[{"type","start","end","score"}]}</c>.</summary>
public static class PiiDetectCommand
{
    public static Command Create()
    {
        var input = PiiCommand.Input();
        var output = PiiCommand.Output();
        var minScore = PiiCommand.MinScore();
        var command = new Command("detect", "Find PII and secrets; exit 0, or 4 when malformed lines were skipped (reported on stderr).") { input, output, minScore };
        command.SetAction((parsed, cancellationToken) =>
        {
            var redactor = new RegexPiiRedactor();
            var threshold = parsed.GetValue(minScore);
            return PiiCommand.RunAsync(parsed, input, output, "detect",
                (_, id, text, _) => new { id, entities = PiiEntityLine.From(redactor.Analyze(text).Where(f => f.Score >= threshold)) },
                cancellationToken);
        });
        return command;
    }
}
