using System.Security.Cryptography;

namespace AiNative.Standalone.Local;

/// <summary>
/// Secrets a local run needs but nobody configured: generated once, kept in the data folder (git-ignored,
/// readable by the owner only), so approval links keep working across restarts.
/// </summary>
internal static class LocalSecrets
{
    public static string GetOrCreate(string dataDirectory, string name)
    {
        var folder = Path.Combine(dataDirectory, "secrets");
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(folder);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var writer = new StreamWriter(file);
            writer.Write(secret);
        }

        return secret;
    }
}
