using System.Text.Json;

namespace AiNative.Cli.Jsonl;

/// <summary>One well-formed JSON object line of a JSONL input, with its 1-based line number.</summary>
public readonly record struct JsonlRecord(int LineNumber, JsonElement Root)
{
    /// <summary>
    /// The string property <paramref name="name"/>; <paramref name="problem"/> says why not when it is missing,
    /// not a string, or (unless <paramref name="allowEmpty"/>) empty.
    /// </summary>
    public bool TryGetString(string name, out string value, out string? problem, bool allowEmpty = true)
    {
        value = "";
        if (!Root.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            problem = $"\"{name}\" is missing";
            return false;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            problem = $"\"{name}\" must be a string, not {property.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }

        value = property.GetString()!;
        if (!allowEmpty && value.Length == 0)
        {
            problem = $"\"{name}\" is empty";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>
    /// The <c>id</c> property as text: a JSON string as is, a number by its JSON text (so <c>{"id": 7}</c> works);
    /// <paramref name="problem"/> says why not otherwise.
    /// </summary>
    public bool TryGetId(out string id, out string? problem, string name = "id")
    {
        if (Root.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number)
        {
            id = property.GetRawText();
            problem = null;
            return true;
        }

        return TryGetString(name, out id, out problem, allowEmpty: false);
    }
}
