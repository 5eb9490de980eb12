using System.Text.RegularExpressions;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>
/// The seed knowledge shipped in <c>catalog/knowledge/*.md</c> as ingest messages, so a fresh install answers from
/// real policy text through the normal pipeline (ids are stable: re-seeding an unchanged file is a no-op).
/// </summary>
public static partial class KnowledgeSeed
{
    public const string Folder = "knowledge";
    public const string Tag = "seed";

    /// <summary>One message per Markdown file under <c>&lt;catalog&gt;/knowledge</c>, in file-name order; none when the folder is missing.</summary>
    public static IReadOnlyList<IngestMessage> Messages(string catalogDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalogDirectory);
        var folder = Path.Combine(catalogDirectory, Folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(path =>
        {
            var content = File.ReadAllText(path);
            var name = Path.GetFileNameWithoutExtension(path);
            return new IngestMessage
            {
                Id = "kb-" + DocumentIds.Normalize(name),
                Source = $"catalog/{Folder}/{Path.GetFileName(path)}",
                Title = Title().Match(content) is { Success: true } title ? title.Groups[1].Value.Trim() : name,
                Content = content,
                ContentType = "text/markdown",
                Tags = [Tag],
            };
        })];
    }

    [GeneratedRegex(@"^#[ \t]+(.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Title();
}
