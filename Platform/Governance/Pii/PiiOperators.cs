using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AiNative.Platform.Governance.Pii;

/// <summary>Applies the operators of <see cref="PiiRedactionOptions"/> to findings.</summary>
internal static class PiiOperators
{
    /// <summary>Marks an encrypted value inside <c>&lt;TYPE:enc:...&gt;</c>.</summary>
    public const string EncryptedMarker = ":enc:";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HashHexChars = 16;

    private const int MaxKeptRewrites = 256;

    [ThreadStatic]
    private static List<PiiRewrite>? scratch;

    private static readonly Dictionary<string, string> Placeholders = PiiEntityTypes.All.ToDictionary(t => t, t => $"<{t}>", StringComparer.Ordinal);

    /// <summary>The text with every included finding rewritten, and the findings that were.</summary>
    public static PiiRedaction Apply(string text, IReadOnlyList<PiiFinding> findings, PiiRedactionOptions options, PiiKeys keys)
    {
        // First the rewrites and the output's length, then the output written once (no builder, no second copy).
        // The rewrite list is per-thread scratch: Apply never calls itself.
        var rewrites = scratch ??= [];
        rewrites.Clear();
        if (rewrites.Capacity > MaxKeptRewrites)
        {
            // A text with very many findings grew it: let go of that memory.
            rewrites.Capacity = MaxKeptRewrites;
        }
        var length = text.Length;
        foreach (var finding in findings)
        {
            if (!options.Includes(finding))
            {
                continue;
            }

            var value = text.AsSpan(finding.Start, finding.End - finding.Start);
            var rewrite = options.OperatorFor(finding.Type) switch
            {
                PiiOperator.Replace => new PiiRewrite(finding, PiiOperator.Replace, Placeholders.GetValueOrDefault(finding.Type) ?? $"<{finding.Type}>"),
                PiiOperator.Mask => new PiiRewrite(finding, PiiOperator.Mask, null),
                PiiOperator.Redact => new PiiRewrite(finding, PiiOperator.Redact, ""),
                PiiOperator.Hash => new PiiRewrite(finding, PiiOperator.Hash, $"<{finding.Type}:{Hash(finding.Type, value, keys.HashKey)}>"),
                PiiOperator.Encrypt => new PiiRewrite(finding, PiiOperator.Encrypt, $"<{finding.Type}{EncryptedMarker}{Encrypt(finding.Type, value, keys.EncryptionKey)}>"),
                _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown PII operator for {finding.Type}."),
            };
            length += (rewrite.Replacement?.Length ?? value.Length) - value.Length;
            rewrites.Add(rewrite);
        }

        if (rewrites.Count == 0)
        {
            return new PiiRedaction(text, []);
        }

        var redacted = string.Create(length, (text, rewrites), static (output, state) =>
        {
            var (source, list) = state;
            var position = 0;
            foreach (var (finding, op, replacement) in list)
            {
                source.AsSpan(position, finding.Start - position).CopyTo(output);
                output = output[(finding.Start - position)..];
                var value = source.AsSpan(finding.Start, finding.End - finding.Start);
                if (op == PiiOperator.Mask)
                {
                    Mask(output, finding.Type, value);
                    output = output[value.Length..];
                }
                else
                {
                    replacement.AsSpan().CopyTo(output);
                    output = output[replacement!.Length..];
                }

                position = finding.End;
            }

            source.AsSpan(position).CopyTo(output);
        });
        if (rewrites.Count == findings.Count)
        {
            // Every finding was rewritten (the usual case): the list is the analyzer's own fresh one, no copy needed.
            rewrites.Clear();
            return new PiiRedaction(redacted, findings);
        }

        var rewritten = new PiiFinding[rewrites.Count];
        for (var i = 0; i < rewritten.Length; i++)
        {
            rewritten[i] = rewrites[i].Finding;
        }

        rewrites.Clear();
        return new PiiRedaction(redacted, rewritten);
    }

    /// <summary>
    /// Stars over letters and digits, keeping separators, the last 4 of numbers and the domain of e-mail addresses;
    /// secrets fully. Writes exactly <paramref name="value"/>'s length into <paramref name="output"/>.
    /// </summary>
    private static void Mask(Span<char> output, string type, ReadOnlySpan<char> value)
    {
        if (type == PiiEntityTypes.EmailAddress && value.IndexOf('@') is var at and > 0)
        {
            output[0] = value[0];
            output[1..at].Fill('*');
            value[at..].CopyTo(output[at..]);
            return;
        }

        var keep = type is PiiEntityTypes.CreditCard or PiiEntityTypes.PhoneNumber or PiiEntityTypes.UsSsn or PiiEntityTypes.IbanCode
            or PiiEntityTypes.UsBankNumber or PiiEntityTypes.AbaRoutingNumber ? 4 : 0;
        var alphanumerics = 0;
        foreach (var c in value)
        {
            alphanumerics += char.IsLetterOrDigit(c) ? 1 : 0;
        }

        var masked = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            output[i] = !char.IsLetterOrDigit(c) ? c : masked++ < alphanumerics - keep ? '*' : c;
        }
    }

    /// <summary>HMAC-SHA256 of the normalised value (case and separators ignored where they carry no meaning), typed so two types never collide.</summary>
    internal static string Hash(string type, ReadOnlySpan<char> value, byte[] key)
    {
        var normalized = Normalize(type, value);
        var input = Encoding.UTF8.GetBytes(type + "\0" + normalized);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, input, mac);
        return Convert.ToHexStringLower(mac)[..HashHexChars];
    }

    private static string Normalize(string type, ReadOnlySpan<char> value)
    {
        switch (type)
        {
            case PiiEntityTypes.EmailAddress:
                return value.ToString().ToLowerInvariant();
            case PiiEntityTypes.PhoneNumber or PiiEntityTypes.CreditCard or PiiEntityTypes.UsSsn or PiiEntityTypes.UsBankNumber or PiiEntityTypes.AbaRoutingNumber:
                var digits = new StringBuilder(value.Length);
                foreach (var c in value)
                {
                    if (char.IsAsciiDigit(c))
                    {
                        digits.Append(c);
                    }
                }

                return digits.ToString();
            case PiiEntityTypes.IbanCode:
                return value.ToString().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            default:
                return value.ToString();
        }
    }

    /// <summary>base64url(nonce | ciphertext | tag); the entity type is authenticated data, so a token cannot be relabelled.</summary>
    internal static string Encrypt(string type, ReadOnlySpan<char> value, byte[] key)
    {
        var plain = Encoding.UTF8.GetBytes(value.ToArray());
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.ASCII.GetBytes(type));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The plaintext of a token made by <see cref="Encrypt"/>.</summary>
    /// <exception cref="CryptographicException">Wrong key, wrong type, or tampered token.</exception>
    internal static string Decrypt(string type, ReadOnlySpan<char> token, byte[] key)
    {
        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("The encrypted value is not base64url.", e);
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The encrypted value is too short.");
        }

        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain, Encoding.ASCII.GetBytes(type));
        return Encoding.UTF8.GetString(plain);
    }
}

/// <summary>One finding's rewrite: the replacement text, or <c>null</c> for a mask (written in place, same length).</summary>
internal readonly record struct PiiRewrite(PiiFinding Finding, PiiOperator Operator, string? Replacement);
