using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>Document ids and content hashes: stable, storage-safe (<c>[a-z0-9-]</c>), derived the same way everywhere.</summary>
public static partial class DocumentIds
{
    public const int MaxLength = 128;

    /// <summary>Lower-cases and replaces anything outside <c>[a-z0-9-]</c> with a dash; empty when nothing usable remains.</summary>
    public static string Normalize(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var normalized = Unsafe().Replace(id.Trim().ToLowerInvariant(), "-").Trim('-');
        return normalized.Length > MaxLength ? normalized[..MaxLength].TrimEnd('-') : normalized;
    }

    /// <summary><c>doc-</c> plus the first 16 hex digits of SHA-256(source).</summary>
    public static string FromSource(string source) => "doc-" + Sha256Hex(source)[..16];

    /// <summary>First 32 hex digits of SHA-256(documentId + "\n" + content): names the staged blob and the orchestration.</summary>
    public static string VersionHash(string documentId, string content) => Sha256Hex(documentId + "\n" + content)[..32];

    /// <summary>The orchestration instance id of one document version: <c>ingest-{VersionHash}</c>.</summary>
    public static string InstanceId(string versionHash) => "ingest-" + versionHash;

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();
}
