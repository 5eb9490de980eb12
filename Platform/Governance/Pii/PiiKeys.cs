using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// The key material of the hash and encrypt operators, derived once from configuration. The AES key is HKDF-derived
/// from the configured bytes, so any accepted length gives an AES-256 key.
/// </summary>
public sealed class PiiKeys
{
    private static readonly byte[] EncryptionInfo = Encoding.ASCII.GetBytes("ainative/pii/aes-gcm/v1");

    private readonly byte[]? hashKey;
    private readonly byte[]? encryptionKey;

    public PiiKeys(IOptions<PiiKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        hashKey = SecretKeys.TryGetKeyBytes(options.Value.HashKey, out var hash) ? hash : null;
        encryptionKey = SecretKeys.TryGetKeyBytes(options.Value.EncryptionKey, out var encryption)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, encryption, 32, salt: [], info: EncryptionInfo)
            : null;
    }

    /// <summary>No keys: the hash and encrypt operators fail with a message naming the setting.</summary>
    public static PiiKeys None { get; } = new(Options.Create(new PiiKeyOptions()));

    /// <summary>Keys from base64 (or 32+ character) strings, for tools and tests.</summary>
    public static PiiKeys From(string? hashKey, string? encryptionKey) =>
        new(Options.Create(new PiiKeyOptions { HashKey = hashKey ?? "", EncryptionKey = encryptionKey ?? "" }));

    /// <summary>Throws, naming the setting, when <paramref name="op"/> needs a key that is not configured (callers check before any work).</summary>
    /// <exception cref="InvalidOperationException">The key is missing.</exception>
    public void EnsureAvailable(PiiOperator op)
    {
        _ = op switch
        {
            PiiOperator.Hash => HashKey,
            PiiOperator.Encrypt => EncryptionKey,
            _ => [],
        };
    }

    internal byte[] HashKey => hashKey ?? throw new InvalidOperationException(
        $"The PII hash operator needs the setting '{PiiKeyOptions.HashKeySetting}' (base64 of at least 32 random bytes).");

    internal byte[] EncryptionKey => encryptionKey ?? throw new InvalidOperationException(
        $"The PII encrypt operator and decryption need the setting '{PiiKeyOptions.EncryptionKeySetting}' (base64 of at least 32 random bytes).");
}
