using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AiNative.Platform.ModelPlane.Local;

/// <summary>A sentence or line of the source text, with its position and analysed words.</summary>
internal sealed record Segment(int Index, string Text, int Start, IReadOnlyList<string> Stems);

/// <summary>Language-agnostic-ish text helpers of the local provider: segmentation, tokens, light stemming.</summary>
internal static partial class TextAnalysis
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
        "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there",
        "we", "our", "us", "you", "your", "i", "me", "my", "he", "she", "they", "them", "their", "his", "her",
        "do", "does", "did", "have", "has", "had", "will", "would", "can", "could", "should", "may", "might",
        "so", "than", "then", "into", "about", "over", "after", "before", "which", "who", "what", "when", "where",
        "how", "why", "also", "just", "any", "all", "some", "such", "per", "e", "g", "eg", "ie", "etc",
    };

    // Currency symbols and words are folded to ISO codes so "$40" matches a field or enum value "USD".
    private static readonly Dictionary<string, string> CurrencyAliases = new(StringComparer.Ordinal)
    {
        ["$"] = "usd", ["dollar"] = "usd", ["dollars"] = "usd", ["€"] = "eur", ["euro"] = "eur", ["euros"] = "eur",
        ["£"] = "gbp", ["pound"] = "gbp", ["pounds"] = "gbp", ["sterling"] = "gbp", ["¥"] = "jpy", ["yen"] = "jpy",
    };

    /// <summary>Lower-cased word tokens (and currency symbols), without stemming or stop-word removal.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        foreach (Match match in WordRegex().Matches(text))
        {
            words.Add(match.Value.ToLowerInvariant());
        }

        return words;
    }

    /// <summary>Content-word stems: stop words dropped, light suffix stripping, currency aliases added.</summary>
    public static List<string> Stems(string text)
    {
        var stems = new List<string>();
        foreach (var word in Words(text))
        {
            if (CurrencyAliases.TryGetValue(word, out var code))
            {
                stems.Add(code);
                if (word.Length == 1)
                {
                    continue;
                }
            }

            if (word.Length == 1 && !char.IsLetterOrDigit(word[0]))
            {
                continue;
            }

            if (!StopWords.Contains(word))
            {
                stems.Add(Stem(word));
            }
        }

        return stems;
    }

    /// <summary>Crude suffix stripping so "charged", "charges" and "charge" meet; enough for keyword evidence.</summary>
    public static string Stem(string word)
    {
        var w = word;
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s"])
        {
            if (w.Length - suffix.Length >= 3 && w.EndsWith(suffix, StringComparison.Ordinal) && !w.EndsWith("ss", StringComparison.Ordinal))
            {
                w = w[..^suffix.Length];
                break;
            }
        }

        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }

        return w;
    }

    /// <summary>Turns <c>customer_id</c>, <c>customerId</c> or <c>service-outage</c> into "customer id", "service outage".</summary>
    public static string Humanize(string name)
    {
        var spaced = CamelBoundaryRegex().Replace(name, "$1 $2");
        return spaced.Replace('_', ' ').Replace('-', ' ').Trim().ToLowerInvariant();
    }

    /// <summary>Splits text into lines, then lines into sentences; keeps character offsets.</summary>
    public static List<Segment> Segment(string text)
    {
        var segments = new List<Segment>();
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var sentenceStart = lineStart;
            foreach (Match boundary in SentenceBoundaryRegex().Matches(text[lineStart..lineEnd]))
            {
                var punctuation = boundary.Groups["end"];
                var end = lineStart + punctuation.Index + punctuation.Length;
                Add(segments, text, sentenceStart, end);
                sentenceStart = lineStart + boundary.Index + boundary.Length;
            }

            Add(segments, text, sentenceStart, lineEnd);
            lineStart = lineEnd + 1;
        }

        return segments;
    }

    private static void Add(List<Segment> segments, string text, int start, int end)
    {
        var raw = text[start..end];
        var trimmed = raw.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        var offset = start + raw.IndexOf(trimmed[0], StringComparison.Ordinal);
        segments.Add(new Segment(segments.Count, trimmed, offset, Stems(trimmed)));
    }

    /// <summary>Share of <paramref name="wanted"/> stems found in <paramref name="present"/> (0 when nothing is wanted).</summary>
    public static double Coverage(IReadOnlyCollection<string> wanted, IReadOnlyCollection<string> present)
    {
        if (wanted.Count == 0)
        {
            return 0;
        }

        var set = present as ISet<string> ?? new HashSet<string>(present, StringComparer.Ordinal);
        return wanted.Count(set.Contains) / (double)wanted.Count;
    }

    /// <summary>Collapses whitespace and cuts at a word boundary.</summary>
    public static string Clip(string text, int maxChars)
    {
        var collapsed = WhitespaceRegex().Replace(text, " ").Trim();
        if (collapsed.Length <= maxChars)
        {
            return collapsed;
        }

        var cut = collapsed.LastIndexOf(' ', Math.Max(0, maxChars - 1));
        return (cut > maxChars / 2 ? collapsed[..cut] : collapsed[..(maxChars - 1)]).TrimEnd(',', ';', ':') + "…";
    }

    public static string Invariant(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string JoinSentences(IEnumerable<string> sentences)
    {
        var builder = new StringBuilder();
        foreach (var sentence in sentences)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(sentence);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+|[$€£¥]")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundaryRegex();

    // A sentence ends at . ! ? followed by space and a capital, digit, quote or bracket (not "e.g. the", not "1.5").
    [GeneratedRegex(@"(?<end>[.!?]+[""')\]]?)\s+(?=[\p{Lu}\p{N}""'(\[])")]
    private static partial Regex SentenceBoundaryRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
