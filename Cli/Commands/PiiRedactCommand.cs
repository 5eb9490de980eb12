using System.CommandLine;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Cli.Commands;

/// <summary>
/// <c>ainative pii redact</c>: each line <c>{"id","text"}</c> becomes <c>{"id","text","entities"}</c> with the text
/// rewritten by one operator (entities carry offsets into the original text).
/// </summary>
public static class PiiRedactCommand
{
    public static Command Create()
    {
        var input = PiiCommand.Input();
        var output = PiiCommand.Output();
        var minScore = PiiCommand.MinScore();
        var op = new Option<PiiOperator>("--operator")
        {
            Description = "replace (<TYPE>), mask (keep last 4), redact (remove), hash (HMAC, needs Guardrails__Pii__HashKey), encrypt (AES-GCM, needs Guardrails__Pii__EncryptionKey).",
            DefaultValueFactory = _ => PiiOperator.Replace,
            HelpName = "replace|mask|redact|hash|encrypt",
        };
        var command = new Command("redact", "Rewrite PII and secrets; exit 0, or 4 when malformed lines were skipped (reported on stderr).") { input, output, op, minScore };
        command.SetAction((parsed, cancellationToken) =>
        {
            var chosen = parsed.GetValue(op);
            var keys = PiiCommand.Keys();
            PiiCommand.EnsureKey(keys, chosen);
            var redactor = new RegexPiiRedactor(keys);
            var options = new PiiRedactionOptions { DefaultOperator = chosen, MinScore = parsed.GetValue(minScore) };
            return PiiCommand.RunAsync(parsed, input, output, "redact", (_, id, text, _) =>
            {
                var redaction = redactor.Redact(text, options);
                return new { id, text = redaction.Text, entities = PiiEntityLine.From(redaction.Findings) };
            }, cancellationToken);
        });
        return command;
    }
}
