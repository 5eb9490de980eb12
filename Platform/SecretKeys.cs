using System.Text;

namespace AiNative.Platform;

/// <summary>Reads configured secret keys (approval signing, PII hashing and encryption) the same way everywhere.</summary>
internal static class SecretKeys
{
    /// <summary>The smallest key accepted, in bytes.</summary>
    public const int MinimumBytes = 32;

    /// <summary>The key bytes: base64 that decodes to at least 32 bytes, else the UTF-8 bytes of the text if at least 32.</summary>
    public static bool TryGetKeyBytes(string? configured, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return false;
        }

        var buffer = new byte[configured.Length];
        if (Convert.TryFromBase64String(configured.Trim(), buffer, out var written) && written >= MinimumBytes)
        {
            key = buffer[..written];
            return true;
        }

        var text = Encoding.UTF8.GetBytes(configured);
        if (text.Length >= MinimumBytes)
        {
            key = text;
            return true;
        }

        return false;
    }
}
