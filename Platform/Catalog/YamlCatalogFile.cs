using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.Catalog;

/// <summary>
/// Shared loading of catalog YAML files (models, policies): one mapping per file, and every problem reported as
/// "file (line N): field: problem" so start-up errors point at the line to fix.
/// </summary>
internal static class YamlCatalogFile
{
    /// <summary>The file's root mapping, or null after adding an error (unreadable, YAML syntax, wrong shape).</summary>
    public static YamlMappingNode? LoadMapping(string file, List<string> errors, string expected)
    {
        var name = Path.GetFileName(file);
        try
        {
            using var reader = File.OpenText(file);
            var stream = new YamlStream();
            stream.Load(reader);
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                errors.Add($"{name}: the file must hold one YAML mapping ({expected})");
                return null;
            }

            return mapping;
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

    /// <summary>Formats one error the catalog way; a null node means the problem has no line (a missing file-level field).</summary>
    public static string Error(string file, YamlNode? node, string field, string problem) =>
        node is null ? $"{Path.GetFileName(file)}: {field}: {problem}" : $"{Path.GetFileName(file)} (line {node.Start.Line}): {field}: {problem}";

    /// <summary>The scalar keys and values of a mapping, by key.</summary>
    public static Dictionary<string, (YamlNode Key, YamlNode Value)> Fields(YamlMappingNode mapping) =>
        mapping.Children.ToDictionary(c => (c.Key as YamlScalarNode)?.Value ?? "", c => (c.Key, c.Value), StringComparer.Ordinal);
}
