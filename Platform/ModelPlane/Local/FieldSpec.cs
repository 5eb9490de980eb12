using System.Globalization;
using System.Text.Json;

namespace AiNative.Platform.ModelPlane.Local;

/// <summary>One property of a JSON schema, read into the facts the extractor uses.</summary>
internal sealed class FieldSpec
{
    private FieldSpec(string name, JsonElement schema, bool required)
    {
        Name = name;
        Schema = schema;
        Required = required;
        Description = schema.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() ?? "" : "";
        (Type, Nullable) = ReadType(schema);
        Pattern = ReadString(schema, "pattern");
        Format = ReadString(schema, "format");
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            Enum = [.. values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null)];
            Nullable |= values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null);
        }

        Minimum = ReadNumber(schema, "minimum");
        Maximum = ReadNumber(schema, "maximum");
        ExclusiveMinimum = ReadNumber(schema, "exclusiveMinimum");
        ExclusiveMaximum = ReadNumber(schema, "exclusiveMaximum");
        MaxLength = ReadNumber(schema, "maxLength") is { } max ? (int)max : null;
        NameStems = TextAnalysis.Stems(TextAnalysis.Humanize(name));
        DescriptionStems = TextAnalysis.Stems(Description);
        Query = Description.Length > 0 ? $"{TextAnalysis.Humanize(name)}: {Description}" : TextAnalysis.Humanize(name);
        Children = Type == "object" ? Collect(schema) : [];
        Items = Type == "array" && schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object
            ? new FieldSpec(name, items, required)
            : null;
    }

    public string Name { get; }

    public JsonElement Schema { get; }

    public bool Required { get; }

    public string Description { get; }

    /// <summary>The first non-null JSON type (string when the schema names none).</summary>
    public string Type { get; }

    public bool Nullable { get; }

    public string? Pattern { get; }

    public string? Format { get; }

    public IReadOnlyList<JsonElement>? Enum { get; }

    public decimal? Minimum { get; }

    public decimal? Maximum { get; }

    public decimal? ExclusiveMinimum { get; }

    public decimal? ExclusiveMaximum { get; }

    public int? MaxLength { get; }

    public IReadOnlyList<string> NameStems { get; }

    public IReadOnlyList<string> DescriptionStems { get; }

    /// <summary>Name and description as one phrase: what the field is about, for embedding similarity.</summary>
    public string Query { get; }

    public IReadOnlyList<FieldSpec> Children { get; }

    public FieldSpec? Items { get; }

    public IEnumerable<string> AllStems => NameStems.Concat(DescriptionStems);

    public bool Mentions(string stem) => NameStems.Contains(stem) || DescriptionStems.Contains(stem);

    public bool InRange(decimal value) =>
        (Minimum is not { } min || value >= min)
        && (Maximum is not { } max || value <= max)
        && (ExclusiveMinimum is not { } xmin || value > xmin)
        && (ExclusiveMaximum is not { } xmax || value < xmax);

    public static List<FieldSpec> Collect(JsonElement objectSchema)
    {
        var required = objectSchema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal)
            : null;
        if (!objectSchema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return [.. properties.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Object)
            .Select(p => new FieldSpec(p.Name, p.Value, required?.Contains(p.Name) ?? false))];
    }

    /// <summary>Every field in the tree (children and array items included), for batching embeddings.</summary>
    public IEnumerable<FieldSpec> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Children.SelectMany(c => c.SelfAndDescendants()))
        {
            yield return child;
        }

        if (Items is not null)
        {
            foreach (var item in Items.SelfAndDescendants())
            {
                yield return item;
            }
        }
    }

    private static (string Type, bool Nullable) ReadType(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return (type.GetString()!, false);
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var names = type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList();
                return (names.FirstOrDefault(n => n != "null") ?? "null", names.Contains("null"));
            }
        }

        if (schema.TryGetProperty("properties", out _))
        {
            return ("object", false);
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            && values.EnumerateArray().FirstOrDefault(v => v.ValueKind != JsonValueKind.Null) is { ValueKind: JsonValueKind.Number })
        {
            return ("number", false);
        }

        return ("string", false);
    }

    private static string? ReadString(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? ReadNumber(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
