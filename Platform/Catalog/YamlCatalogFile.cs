using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.Catalog;

/// <summary>
/// Reads one catalog YAML file and reports every problem as "file (line N): field: problem", the one error format of
/// all catalog artifacts (models, prompts, tools).
/// </summary>
internal static class YamlCatalogFile
{
    /// <summary>The file's single document root, or null with the syntax or read error added to <paramref name="errors"/>.</summary>
    public static YamlNode? LoadRoot(string file, List<string> errors)
    {
        var name = Path.GetFileName(file);
        try
        {
            using var reader = File.OpenText(file);
            var stream = new YamlStream();
            stream.Load(reader);
            if (stream.Documents.Count != 1)
            {
                errors.Add($"{name}: the file must hold exactly one YAML document");
                return null;
            }

            return stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            errors.Add($"{name} (line {e.Start.Line}): YAML syntax error: {e.Message}");
            return null;
        }
        catch (IOException e)
        {
            errors.Add($"{name}: cannot be read: {e.Message}");
            return null;
        }
    }

    /// <summary>The error reporter for <paramref name="file"/>: node (for its line), field path, problem.</summary>
    public static Action<YamlNode?, string, string> Reporter(string file, List<string> errors)
    {
        var name = Path.GetFileName(file);
        return (node, field, problem) =>
            errors.Add(node is null ? $"{name}: {field}: {problem}" : $"{name} (line {node.Start.Line}): {field}: {problem}");
    }

    /// <summary>The mapping's fields by name; unknown names are reported (with the known ones) and skipped.</summary>
    public static Dictionary<string, YamlNode> Fields(YamlMappingNode mapping, string at, IReadOnlySet<string> known, Action<YamlNode?, string, string> error)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var field = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(field))
            {
                error(key, Join(at, field), $"unknown field (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
                continue;
            }

            if (!fields.TryAdd(field, value))
            {
                error(key, Join(at, field), "appears twice");
            }
        }

        return fields;
    }

    /// <summary>"at.field", or "field" at the root.</summary>
    public static string Join(string at, string field) => at.Length == 0 ? field : $"{at}.{field}";
}
