using System.Text.RegularExpressions;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// Turns free user text into a safe FTS5 MATCH expression: every term quoted and OR-ed, so quotes, operators,
/// column filters and parentheses in the text are plain words, never syntax (and never a syntax error).
/// </summary>
public static partial class FtsQuery
{
    private const int MaxTerms = 32;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in",
        "is", "it", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "was", "we", "what",
        "when", "where", "which", "who", "why", "will", "with", "you", "your",
    };

    /// <summary>The MATCH expression, or null when the text has no searchable term.</summary>
    public static string? Build(string? text)
    {
        var terms = Terms(text);
        return terms.Count == 0 ? null : string.Join(" OR ", terms.Select(t => $"\"{t}\""));
    }

    /// <summary>The query's search terms (lower case, distinct, at most 32): stop words only when nothing else is left.</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var terms = Term().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
        // Stop words and single characters match nearly everything; they are kept only when nothing else is left.
        var meaningful = terms.Where(t => t.Length > 1 && !StopWords.Contains(t)).ToList();
        if (meaningful.Count > 0)
        {
            terms = meaningful;
        }

        return terms.Take(MaxTerms).ToList();
    }

    // The same notion of a token as FTS5's unicode61 tokenizer: letters and digits; everything else separates.
    [GeneratedRegex(@"[\p{L}\p{N}\p{Mn}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Term();
}
