using System.Text.Json;

namespace AiNative.Platform.Governance.Injection;

/// <summary>The string values of a JSON text (a tool output), unescaped, in document order; empty when the text is not JSON.</summary>
internal static class JsonStrings
{
    private const int MaxValues = 2_000;

    public static List<string> Values(string text)
    {
        var values = new List<string>();
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length < 2 || !((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']')))
        {
            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            Collect(document.RootElement, values);
        }
        catch (JsonException)
        {
            // Not JSON after all: the visible view stands.
            values.Clear();
        }

        return values;
    }

    private static void Collect(JsonElement element, List<string> values)
    {
        if (values.Count >= MaxValues)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var value = element.GetString();
                if (!string.IsNullOrWhiteSpace(value))
                {
                    values.Add(value);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, values);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, values);
                }

                break;
        }
    }
}
