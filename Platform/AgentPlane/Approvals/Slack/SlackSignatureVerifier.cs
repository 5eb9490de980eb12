using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals.Slack;

/// <summary>Why a Slack request was accepted or refused.</summary>
public enum SlackSignatureStatus
{
    Valid,
    Missing,
    Stale,
    Forged,
    NotConfigured,
}

/// <summary>
/// Verifies Slack's request signature: <c>v0=</c> hex HMAC-SHA256 with the signing secret over
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>, compared in constant time, and refuses timestamps outside the replay
/// window (either direction) so a captured request cannot be replayed later.
/// </summary>
public sealed class SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    public SlackSignatureStatus Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return SlackSignatureStatus.NotConfigured;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SlackSignatureStatus.Missing;
        }

        var age = time.GetUtcNow().ToUnixTimeSeconds() - seconds;
        if (Math.Abs(age) > (long)options.Value.ReplayWindow.TotalSeconds)
        {
            return SlackSignatureStatus.Stale;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var presented = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? SlackSignatureStatus.Valid : SlackSignatureStatus.Forged;
    }

    /// <summary>The <c>X-Slack-Signature</c> value for a body (what Slack sends; tests use it to sign).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
