using System.Text;
using System.Text.Json;

namespace AiNative.Platform.ModelPlane.Local;

/// <summary>Rewrites JSON embedded in a prompt as "key path: value" lines, so fields can match values by key words.</summary>
internal static class JsonFlattener
{
    public static string FlattenEmbeddedJson(string text)
    {
        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOfAny(['{', '['], position);
            if (open < 0)
            {
                break;
            }

            var close = FindClose(text, open);
            if (close > open && TryFlatten(text.AsSpan(open, close - open + 1), out var flattened))
            {
                builder.Append(text, position, open - position).Append('\n').Append(flattened).Append('\n');
                position = close + 1;
            }
            else
            {
                builder.Append(text, position, open - position + 1);
                position = open + 1;
            }
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static int FindClose(string text, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private static bool TryFlatten(ReadOnlySpan<char> candidate, out string flattened)
    {
        flattened = "";
        try
        {
            using var document = JsonDocument.Parse(candidate.ToString());
            var lines = new List<string>();
            Flatten(document.RootElement, "", lines);
            flattened = string.Join('\n', lines);
            return lines.Count > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Flatten(JsonElement element, string path, List<string> lines)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = TextAnalysis.Humanize(property.Name);
                    Flatten(property.Value, path.Length == 0 ? name : path + " " + name, lines);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, path, lines);
                }

                break;
            case JsonValueKind.String:
                lines.Add($"{path}: {element.GetString()}.");
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                lines.Add($"{path}: {element.GetRawText()}.");
                break;
        }
    }
}
