using System.Security.Cryptography;
using System.Text;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Governance.Pii;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane;

/// <summary>
/// Keyed pseudonyms for people who act in a run (the requester, approvers): <c>&lt;PRINCIPAL:3f9c1a2b4c5d6e7f&gt;</c>,
/// HMAC-SHA256 of the trimmed, lower-cased identity. The same person always gets the same pseudonym, so authorisation
/// (rate limits per caller, "you cannot approve your own request", one vote per approver) and audit joins keep working,
/// while e-mail addresses and names stay out of orchestration history, approval records and audit rows.
/// </summary>
/// <remarks>
/// Only identities in which the PII analyzer finds something are replaced: service principals such as <c>api-caller</c>,
/// <c>mcp:{client}</c>, <c>slack:{member id}</c>, <c>system</c> stay readable. The key is derived from
/// <c>Guardrails__Pii__HashKey</c> (the PII hash operator's key) when set, else from <c>Approvals__SigningKey</c>, which every
/// host must have; each with its own purpose label, so a pseudonym never equals a hash operator output or a token MAC.
/// Someone holding the key can check whether a pseudonym is a given person (compute and compare); nobody can reverse it.
/// </remarks>
public sealed class PrincipalPseudonyms
{
    /// <summary>What every pseudonym starts with.</summary>
    public const string Prefix = "<PRINCIPAL:";

    private const int HexChars = 16;
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("ainative/principal-pseudonym/v1");

    private readonly IPiiRedactor redactor;
    private readonly Lazy<byte[]> key;

    public PrincipalPseudonyms(IPiiRedactor redactor, IOptions<PiiKeyOptions> piiKeys, IOptions<ApprovalOptions> approvals)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(piiKeys);
        ArgumentNullException.ThrowIfNull(approvals);
        this.redactor = redactor;
        key = new(() => SecretKeys.TryGetKeyBytes(piiKeys.Value.HashKey, out var hash) || SecretKeys.TryGetKeyBytes(approvals.Value.SigningKey, out hash)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, hash, 32, salt: [], info: Purpose)
            : throw new InvalidOperationException(
                $"Principal pseudonyms need the setting '{PiiKeyOptions.HashKeySetting}' or '{ApprovalOptions.SigningKeySetting}' (base64 of at least 32 random bytes)."));
    }

    /// <summary>The pseudonym of <paramref name="principal"/>, or the principal itself when it holds no personal data (or already is one).</summary>
    public string Of(string principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var trimmed = principal.Trim();
        if (trimmed.Length == 0 || IsPseudonym(trimmed) || !redactor.Analyze(trimmed).Any(f => f.Score >= PiiRedactionOptions.Default.MinScore))
        {
            return trimmed;
        }

        var mac = HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(trimmed.ToLowerInvariant()));
        return Prefix + Convert.ToHexStringLower(mac)[..HexChars] + ">";
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> name the same principal, each given in clear or as its pseudonym.</summary>
    public bool Same(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && string.Equals(Of(a), Of(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a value made by <see cref="Of"/>.</summary>
    public static bool IsPseudonym(string? value) =>
        value is { Length: > 0 } v && v.StartsWith(Prefix, StringComparison.Ordinal) && v.EndsWith('>');
}
