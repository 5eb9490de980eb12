using System.CommandLine;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Cli.Commands;

/// <summary>
/// <c>ainative pii decrypt</c>: restores values written by <c>pii redact --operator encrypt</c> (or an encrypt policy),
/// for whoever holds <c>Guardrails__Pii__EncryptionKey</c>. A line with a token that does not decrypt is reported and skipped.
/// </summary>
public static class PiiDecryptCommand
{
    public static Command Create()
    {
        var input = PiiCommand.Input();
        var output = PiiCommand.Output();
        var command = new Command("decrypt", "Restore encrypted values (needs Guardrails__Pii__EncryptionKey); exit 4 when lines were skipped.") { input, output };
        command.SetAction((parsed, cancellationToken) =>
        {
            var keys = PiiCommand.Keys();
            PiiCommand.EnsureKey(keys, PiiOperator.Encrypt);
            var decryptor = PiiCommand.Decryptor(keys);
            var caller = Environment.UserName is { Length: > 0 } user ? $"cli:{user}" : "cli";
            return PiiCommand.RunAsync(parsed, input, output, "decrypt", (record, id, text, lines) =>
            {
                var result = decryptor.Decrypt(text, caller);
                if (result.Failed > 0)
                {
                    lines.Skip(record.LineNumber, $"{result.Failed} encrypted value(s) did not decrypt (wrong key, or the token was altered)");
                    return null;
                }

                return new { id, text = result.Text };
            }, cancellationToken);
        });
        return command;
    }
}
