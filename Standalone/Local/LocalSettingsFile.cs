using System.Text.Json;

namespace AiNative.Standalone.Local;

/// <summary>
/// Reads the <c>Values</c> of a Functions <c>local.settings.json</c>, so one settings file configures both
/// <c>func start</c> and the Standalone host. <c>Section__Key</c> names become <c>Section:Key</c>.
/// </summary>
internal static class LocalSettingsFile
{
    public static Dictionary<string, string?> Read(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return values;
    }
}
