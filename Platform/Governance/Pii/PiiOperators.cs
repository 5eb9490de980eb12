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

    /// <summary>The text with every included finding rewritten, and the findings that were.</summary>
    public static PiiRedaction Apply(string text, IReadOnlyList<PiiFinding> findings, PiiRedactionOptions options, PiiKeys keys)
    {
        StringBuilder? builder = null;
        List<PiiFinding>? applied = null;
        var position = 0;
        foreach (var finding in findings)
        {
            if (!options.Includes(finding))
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length + 16);
            builder.Append(text, position, finding.Start - position);
            var value = text.AsSpan(finding.Start, finding.End - finding.Start);
            switch (options.OperatorFor(finding.Type))
            {
                case PiiOperator.Replace:
                    builder.Append('<').Append(finding.Type).Append('>');
                    break;
                case PiiOperator.Mask:
                    Mask(builder, finding.Type, value);
                    break;
                case PiiOperator.Redact:
                    break;
                case PiiOperator.Hash:
                    builder.Append('<').Append(finding.Type).Append(':').Append(Hash(finding.Type, value, keys.HashKey)).Append('>');
                    break;
                case PiiOperator.Encrypt:
                    builder.Append('<').Append(finding.Type).Append(EncryptedMarker).Append(Encrypt(finding.Type, value, keys.EncryptionKey)).Append('>');
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(options), $"Unknown PII operator for {finding.Type}.");
            }

            position = finding.End;
            (applied ??= []).Add(finding);
        }

        if (builder is null)
        {
            return new PiiRedaction(text, []);
        }

        builder.Append(text, position, text.Length - position);
        return new PiiRedaction(builder.ToString(), applied!);
    }

    /// <summary>Stars over letters and digits, keeping separators, the last 4 of numbers and the domain of e-mail addresses; secrets fully.</summary>
    private static void Mask(StringBuilder builder, string type, ReadOnlySpan<char> value)
    {
        var keep = 0;
        if (type == PiiEntityTypes.EmailAddress && value.IndexOf('@') is var at and > 0)
        {
            builder.Append(value[0]).Append('*', at - 1).Append(value[at..]);
            return;
        }

        if (type is PiiEntityTypes.CreditCard or PiiEntityTypes.PhoneNumber or PiiEntityTypes.UsSsn or PiiEntityTypes.IbanCode
            or PiiEntityTypes.UsBankNumber or PiiEntityTypes.AbaRoutingNumber)
        {
            keep = 4;
        }

        var alphanumerics = 0;
        foreach (var c in value)
        {
            alphanumerics += char.IsLetterOrDigit(c) ? 1 : 0;
        }

        var masked = 0;
        foreach (var c in value)
        {
            if (!char.IsLetterOrDigit(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(masked++ < alphanumerics - keep ? '*' : c);
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
