using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiNative.Platform.ModelPlane;

/// <summary>Reads the JSON object in a model's answer, tolerating ```json fences or a sentence around it.</summary>
internal static partial class JsonAnswer
{
    public static bool TryParse(string text, out JsonElement element, out string error)
    {
        element = default;
        error = "empty answer";
        foreach (var candidate in Candidates(text))
        {
            try
            {
                using var document = JsonDocument.Parse(candidate);
                element = document.RootElement.Clone();
                return true;
            }
            catch (JsonException e)
            {
                error = e.Message;
            }
        }

        return false;
    }

    // Models often wrap JSON in ```json fences or add a sentence around it.
    private static IEnumerable<string> Candidates(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0)
        {
            yield return trimmed;
        }

        var fence = FenceRegex().Match(trimmed);
        if (fence.Success)
        {
            yield return fence.Groups["body"].Value;
        }

        var first = trimmed.IndexOf('{', StringComparison.Ordinal);
        var last = trimmed.LastIndexOf('}');
        if (first >= 0 && last > first && (first > 0 || last < trimmed.Length - 1))
        {
            yield return trimmed[first..(last + 1)];
        }
    }

    [GeneratedRegex(@"```(?:json|JSON)?\s*\n?(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FenceRegex();
}
