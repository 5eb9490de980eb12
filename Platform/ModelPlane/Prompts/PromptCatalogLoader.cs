using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiNative.Platform.Catalog;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.ModelPlane.Prompts;

/// <summary>Reads and validates prompt files; every problem is reported as "file (line): field: problem".</summary>
internal static partial class PromptCatalogLoader
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "id", "version", "description", "system", "user", "output_schema", "temperature", "max_output_tokens", "metadata",
    };

    public static List<PromptDefinition> LoadDirectory(string directory, List<string> errors)
    {
        var prompts = new List<PromptDefinition>();
        if (!Directory.Exists(directory))
        {
            errors.Add($"{directory}: the prompt catalog folder does not exist (set AiNative__CatalogDirectory to the catalog folder)");
            return prompts;
        }

        var files = Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var prompt = LoadFile(file, errors);
            if (prompt is null)
            {
                continue;
            }

            if (seen.TryGetValue(prompt.Id, out var first))
            {
                errors.Add($"{Path.GetFileName(file)}: id: duplicate id '{prompt.Id}' (also in {Path.GetFileName(first)})");
                continue;
            }

            seen[prompt.Id] = file;
            prompts.Add(prompt);
        }

        return prompts;
    }

    public static PromptDefinition? LoadFile(string file, List<string> errors)
    {
        var name = Path.GetFileName(file);
        var before = errors.Count;
        if (YamlCatalogFile.LoadRoot(file, errors) is not { } loaded)
        {
            return null;
        }

        if (loaded is not YamlMappingNode root)
        {
            errors.Add($"{name}: the file must hold exactly one YAML mapping (one prompt per file)");
            return null;
        }

        void Error(YamlNode? node, string field, string problem) =>
            errors.Add(node is null ? $"{name}: {field}: {problem}" : $"{name} (line {node.Start.Line}): {field}: {problem}");

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            var keyText = (key as YamlScalarNode)?.Value ?? "";
            if (!KnownFields.Contains(keyText))
            {
                Error(key, keyText, $"unknown field (known: {string.Join(", ", KnownFields.Order(StringComparer.Ordinal))})");
                continue;
            }

            fields[keyText] = value;
        }

        string? Text(string field, bool required)
        {
            if (!fields.TryGetValue(field, out var node))
            {
                if (required)
                {
                    Error(null, field, "missing (required)");
                }

                return null;
            }

            if (node is not YamlScalarNode { Value: { } value } || (required && string.IsNullOrWhiteSpace(value)))
            {
                Error(node, field, required ? "must be a non-empty text" : "must be a text");
                return null;
            }

            return value;
        }

        var id = Text("id", required: true);
        if (id is not null && !IdRegex().IsMatch(id))
        {
            Error(fields["id"], "id", $"'{id}' must be lower-case words joined by '-' (e.g. extract-ticket-info)");
        }

        var version = Text("version", required: true);
        if (version is not null && !SemVerRegex().IsMatch(version))
        {
            Error(fields["version"], "version", $"'{version}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0; quote it in YAML)");
        }

        var description = Text("description", required: false) ?? "";
        var systemText = Text("system", required: false) ?? "";
        var userText = Text("user", required: true);
        var system = ParseTemplate(systemText, fields.GetValueOrDefault("system"), "system", Error);
        var user = ParseTemplate(userText ?? "", fields.GetValueOrDefault("user"), "user", Error);

        JsonElement? schemaElement = null;
        JsonSchema? compiled = null;
        if (fields.TryGetValue("output_schema", out var schemaNode))
        {
            (schemaElement, compiled) = CatalogJsonSchema.Read(schemaNode, "output_schema", Error);
        }

        float? temperature = null;
        if (fields.TryGetValue("temperature", out var temperatureNode))
        {
            if (temperatureNode is YamlScalarNode { Value: { } t } && float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 2)
            {
                temperature = parsed;
            }
            else
            {
                Error(temperatureNode, "temperature", "must be a number from 0 to 2");
            }
        }

        int? maxOutputTokens = null;
        if (fields.TryGetValue("max_output_tokens", out var maxNode))
        {
            if (maxNode is YamlScalarNode { Value: { } m } && int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                maxOutputTokens = parsed;
            }
            else
            {
                Error(maxNode, "max_output_tokens", "must be a positive whole number");
            }
        }

        if (fields.TryGetValue("metadata", out var metadataNode) && metadataNode is not YamlMappingNode)
        {
            Error(metadataNode, "metadata", "must be a mapping");
        }

        return errors.Count > before || id is null || version is null || userText is null
            ? null
            : new PromptDefinition(id, version, description, system, user, schemaElement, compiled, temperature, maxOutputTokens, file);
    }

    private static PromptTemplate ParseTemplate(string text, YamlNode? node, string field, Action<YamlNode?, string, string> error)
    {
        var template = PromptTemplate.Parse(text, out var problems);
        foreach (var problem in problems)
        {
            error(node, field, "placeholder syntax: " + problem);
        }

        return template;
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex SemVerRegex();
}
