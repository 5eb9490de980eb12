using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// Issues and checks approval-link tokens: <c>base64url(payload) "." base64url(HMAC-SHA256)</c>, bound to one approval,
/// one orchestration and the exact action, expiring with the request. Deterministic, so a link can be re-created after a
/// restart without storing it: tokens are secrets and are never stored or logged. The bound approver (<c>sub</c>) is their
/// pseudonym (<see cref="PrincipalPseudonyms"/>): the token is the link's URL path, which hosts write to request logs and spans.
/// </summary>
public sealed class ApprovalTokenService
{
    /// <summary>Longer inputs are refused before any work; real tokens are a few hundred characters.</summary>
    public const int MaxTokenLength = 2048;

    private const int Version = 1;
    private static readonly byte[] KeyPurpose = Encoding.UTF8.GetBytes("ainative/approval-token/v1");

    private readonly byte[] key;
    private readonly TimeProvider time;
    private readonly PrincipalPseudonyms pseudonyms;

    public ApprovalTokenService(IOptions<ApprovalOptions> options, TimeProvider time, PrincipalPseudonyms pseudonyms)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pseudonyms);
        if (!ApprovalOptions.TryGetKeyBytes(options.Value.SigningKey, out var secret))
        {
            throw new OptionsValidationException(ApprovalOptions.Section, typeof(ApprovalOptions),
                [$"The setting '{ApprovalOptions.SigningKeySetting}' is missing or shorter than 32 bytes."]);
        }

        // A purpose-bound subkey: the configured secret may be shared with other signers without tokens crossing over.
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: KeyPurpose);
        this.time = time;
        this.pseudonyms = pseudonyms;
    }

    /// <summary>
    /// The token for <paramref name="request"/>, bound to <paramref name="approver"/> (the identity recorded when it is
    /// used, carried as its pseudonym) when given; the same request and approver always give the same token.
    /// </summary>
    public string Issue(ApprovalRequest request, string? approver = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payload = new TokenPayload(request.ApprovalId, request.InstanceId, ActionHash(request), request.ExpiresAt.ToUnixTimeSeconds(), Version,
            string.IsNullOrWhiteSpace(approver) ? null : pseudonyms.Of(approver));
        var encoded = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, TokenJson.Default.TokenPayload));
        return encoded + "." + Base64Url.EncodeToString(Sign(encoded));
    }

    /// <summary>Checks a token from a link; never throws on bad input.</summary>
    public ApprovalTokenValidation Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return Malformed;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0)
        {
            return Malformed;
        }

        var encodedPayload = token[..dot];
        var encodedSignature = token[(dot + 1)..];
        if (!TryDecodeCanonical(encodedPayload, out var payloadBytes) || !TryDecodeCanonical(encodedSignature, out var signature))
        {
            return Malformed;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(encodedPayload)))
        {
            return new ApprovalTokenValidation(ApprovalTokenStatus.BadSignature, null);
        }

        TokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(payloadBytes, TokenJson.Default.TokenPayload);
        }
        catch (JsonException)
        {
            return Malformed;
        }

        if (payload is not { V: Version } || string.IsNullOrEmpty(payload.Aid) || string.IsNullOrEmpty(payload.Iid) || string.IsNullOrEmpty(payload.Act)
            || payload.Exp < DateTimeOffset.MinValue.ToUnixTimeSeconds() || payload.Exp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return Malformed;
        }

        // Tokens issued before pseudonymous subjects carry the approver in clear; every reader compares either form.
        var claims = new ApprovalTokenClaims(payload.Aid, payload.Iid, payload.Act, DateTimeOffset.FromUnixTimeSeconds(payload.Exp), payload.Sub);
        return time.GetUtcNow() >= claims.ExpiresAt
            ? new ApprovalTokenValidation(ApprovalTokenStatus.Expired, claims)
            : new ApprovalTokenValidation(ApprovalTokenStatus.Valid, claims);
    }

    /// <summary>
    /// SHA-256 (base64url) over a canonical form of the approval id, the instance id and every field of the action,
    /// so a token or a decision cannot be replayed against a different action. 250 and 250.00 hash alike.
    /// </summary>
    public static string ActionHash(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var action = request.Action ?? throw new ArgumentException("The request has no action.", nameof(request));
        // A JSON array is an unambiguous encoding: no separator inside a field can shift it into the next one.
        string?[] canonical =
        [
            "ainative/approval-action/v1",
            request.ApprovalId,
            request.InstanceId,
            action.Kind,
            action.Summary,
            action.CustomerId,
            action.CustomerName,
            action.Amount?.ToString("G29", CultureInfo.InvariantCulture),
            action.Currency?.Trim().ToUpperInvariant(),
        ];
        return Base64Url.EncodeToString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical, TokenJson.Default.StringArray)));
    }

    private static readonly ApprovalTokenValidation Malformed = new(ApprovalTokenStatus.Malformed, null);

    private byte[] Sign(string encodedPayload) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(encodedPayload));

    /// <summary>Decodes base64url and refuses non-canonical spellings, so one token has exactly one valid text form.</summary>
    private static bool TryDecodeCanonical(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text.AsSpan(), out var length))
        {
            return false;
        }

        bytes = new byte[length];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != length)
        {
            return false;
        }

        return string.Equals(Base64Url.EncodeToString(bytes), text, StringComparison.Ordinal);
    }
}

/// <summary>The signed claims, with short names to keep links short.</summary>
internal sealed record TokenPayload(
    [property: JsonPropertyName("aid")] string Aid,
    [property: JsonPropertyName("iid")] string Iid,
    [property: JsonPropertyName("act")] string Act,
    [property: JsonPropertyName("exp")] long Exp,
    [property: JsonPropertyName("v")] int V,
    [property: JsonPropertyName("sub"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sub = null);

[JsonSerializable(typeof(TokenPayload))]
[JsonSerializable(typeof(string?[]), TypeInfoPropertyName = "StringArray")]
internal sealed partial class TokenJson : JsonSerializerContext;
