using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.Governance.Pii;

/// <summary>Decryption result: the text with every decryptable token restored, and how many tokens failed (wrong key or tampered).</summary>
public sealed record PiiDecryption(string Text, int Decrypted, int Failed);

/// <summary>
/// The decrypt path for authorised callers: restores values the <see cref="PiiOperator.Encrypt"/> operator wrote as
/// <c>&lt;TYPE:enc:...&gt;</c>. Holding <c>Guardrails__Pii__EncryptionKey</c> is the authorisation; every call is
/// logged with the caller and counts, never the values.
/// </summary>
public sealed partial class PiiDecryptor(PiiKeys keys, ILogger<PiiDecryptor> logger)
{
    /// <summary>Restores every encrypted token in <paramref name="text"/>; tokens that fail to decrypt stay as they are.</summary>
    /// <exception cref="InvalidOperationException">No encryption key is configured.</exception>
    public PiiDecryption Decrypt(string text, string caller)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(caller);
        var key = keys.EncryptionKey;
        if (!text.Contains(PiiOperators.EncryptedMarker, StringComparison.Ordinal))
        {
            return new PiiDecryption(text, 0, 0);
        }

        int decrypted = 0, failed = 0;
        var builder = new StringBuilder(text.Length);
        var position = 0;
        for (var match = Token().Match(text); match.Success; match = match.NextMatch())
        {
            builder.Append(text, position, match.Index - position);
            try
            {
                builder.Append(PiiOperators.Decrypt(match.Groups["type"].Value, match.Groups["token"].ValueSpan, key));
                decrypted++;
            }
            catch (CryptographicException)
            {
                builder.Append(match.ValueSpan);
                failed++;
            }

            position = match.Index + match.Length;
        }

        builder.Append(text, position, text.Length - position);
        LogDecrypted(logger, caller, decrypted, failed);
        return new PiiDecryption(builder.ToString(), decrypted, failed);
    }

    [GeneratedRegex(@"<(?<type>[A-Z][A-Z0-9_]{1,40}):enc:(?<token>[A-Za-z0-9_-]{20,})>", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Token();

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "PII decryption by {Caller}: {Decrypted} values restored, {Failed} failed")]
    private static partial void LogDecrypted(ILogger logger, string caller, int decrypted, int failed);
}
