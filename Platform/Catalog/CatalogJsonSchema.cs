using System.Text.Json;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.Catalog;

/// <summary>A JSON Schema written as YAML in a catalog file: checked against draft 2020-12 and compiled once.</summary>
internal static class CatalogJsonSchema
{
    /// <summary>The schema as JSON and compiled, or nulls with every problem reported against <paramref name="field"/>.</summary>
    public static (JsonElement? Json, JsonSchema? Schema) Read(YamlNode node, string field, Action<YamlNode?, string, string> error, bool requireObjectRoot = true)
    {
        if (node is not YamlMappingNode)
        {
            error(node, field, "must be a JSON Schema written as a YAML mapping");
            return (null, null);
        }

        var json = YamlJson.ToJson(node)!.ToJsonString();
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement.Clone();
        var meta = MetaSchemas.Draft202012.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!meta.IsValid)
        {
            foreach (var detail in meta.Details ?? [])
            {
                foreach (var (keyword, message) in detail.Errors ?? [])
                {
                    error(node, $"{field}{detail.InstanceLocation}", $"invalid JSON Schema ({keyword}): {message}");
                }
            }

            return (null, null);
        }

        if (requireObjectRoot && (!element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object"))
        {
            error(node, field, "the root must have 'type: object' (arguments and results are JSON objects)");
            return (null, null);
        }

        try
        {
            return (element, JsonSchema.FromText(json, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));
        }
        catch (Exception e) when (e is JsonSchemaException or ArgumentException or JsonException)
        {
            error(node, field, $"invalid JSON Schema: {e.Message}");
            return (null, null);
        }
    }

    /// <summary>Every violation as "path: message"; empty when <paramref name="value"/> is valid.</summary>
    public static IReadOnlyList<string> Violations(JsonSchema schema, JsonElement value)
    {
        var result = schema.Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? [])
                .SelectMany(d => (d.Errors ?? []).Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "(root)")}: {e.Value}"))
                .Distinct(StringComparer.Ordinal)
                .DefaultIfEmpty("the value does not match the schema")];
    }
}
