using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.Catalog;

/// <summary>
/// Shared loading of catalog YAML files (models, prompts, policies, tools): every problem is reported as
/// "file (line N): field: problem", the one error format of all catalog artifacts, so start-up errors point at the line to fix.
/// </summary>
internal static class YamlCatalogFile
{
    /// <summary>The file's root mapping, or null after adding an error (unreadable, YAML syntax, wrong shape).</summary>
    public static YamlMappingNode? LoadMapping(string file, List<string> errors, string expected)
    {
        var root = LoadRoot(file, errors);
        if (root is null)
        {
            return null;
        }

        if (root is not YamlMappingNode mapping)
        {
            errors.Add($"{Path.GetFileName(file)}: the file must hold one YAML mapping ({expected})");
            return null;
        }

        return mapping;
    }

    /// <summary>The file's single document root, or null with the syntax or read error added to <paramref name="errors"/>.</summary>
    public static YamlNode? LoadRoot(string file, List<string> errors)
    {
        try
        {
            using var reader = File.OpenText(file);
            return LoadRoot(Path.GetFileName(file), reader, errors);
        }
        catch (IOException e)
        {
            errors.Add($"{Path.GetFileName(file)}: cannot be read: {e.Message}");
            return null;
        }
    }

    /// <summary>Like <see cref="LoadRoot(string, List{string})"/> for YAML that is not a file (an embedded resource): <paramref name="name"/> labels the errors.</summary>
    public static YamlNode? LoadRoot(string name, TextReader reader, List<string> errors)
    {
        try
        {
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
    }

    /// <summary>Formats one error the catalog way; a null node means the problem has no line (a missing file-level field).</summary>
    public static string Error(string file, YamlNode? node, string field, string problem) =>
        node is null ? $"{Path.GetFileName(file)}: {field}: {problem}" : $"{Path.GetFileName(file)} (line {node.Start.Line}): {field}: {problem}";

    /// <summary>The error reporter for <paramref name="file"/>: node (for its line), field path, problem.</summary>
    public static Action<YamlNode?, string, string> Reporter(string file, List<string> errors) =>
        (node, field, problem) => errors.Add(Error(file, node, field, problem));

    /// <summary>The scalar keys and values of a mapping, by key.</summary>
    public static Dictionary<string, (YamlNode Key, YamlNode Value)> Fields(YamlMappingNode mapping) =>
        mapping.Children.ToDictionary(c => (c.Key as YamlScalarNode)?.Value ?? "", c => (c.Key, c.Value), StringComparer.Ordinal);

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
