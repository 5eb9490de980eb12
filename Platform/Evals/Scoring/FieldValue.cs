using System.Globalization;
using System.Text.Json;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.ModelPlane;

namespace AiNative.Platform.Evals.Scoring;

/// <summary>A field read from a model answer: its text form, and its number when it is (or spells) one.</summary>
internal readonly record struct FieldValue(string? Text, double? Number)
{
    public bool IsNull => string.IsNullOrWhiteSpace(Text);

    public override string ToString() => Text is null ? "null" : $"'{Text}'";

    /// <summary>Reads <paramref name="field"/> (<c>text</c>, or a dotted path into the JSON output) from the answer.</summary>
    public static FieldValue Read(ModelResponse response, string field)
    {
        if (field == EvalScorerDefinition.TextField)
        {
            return FromText(response.Text);
        }

        var output = response.Output ?? TryParseJson(response.Text);
        if (output is not { ValueKind: JsonValueKind.Object } current)
        {
            return default;
        }

        foreach (var part in field.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return default;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => FromText(current.GetString()),
            JsonValueKind.Number => new FieldValue(current.GetRawText(), current.GetDouble()),
            JsonValueKind.True => new FieldValue("true", null),
            JsonValueKind.False => new FieldValue("false", null),
            JsonValueKind.Null or JsonValueKind.Undefined => default,
            _ => new FieldValue(current.GetRawText(), null),
        };
    }

    private static FieldValue FromText(string? text) =>
        new(text, text is not null && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null);

    // Prompts without a declared schema may still answer in JSON; scoring their fields should not depend on the gateway parsing it.
    private static JsonElement? TryParseJson(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length == 0 || trimmed[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed.ToString());
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
