using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Injection;

/// <summary>
/// Splits a text into the sentences the semantic layer embeds one by one: an attack is often one sentence inside a long
/// benign document, and a whole-document embedding would dilute it. Lines, sentence ends, Markdown/HTML breaks and JSON
/// string boundaries (tool outputs) all split.
/// </summary>
internal static partial class InjectionSentences
{
    /// <summary>Sentences embedded per text at most; a longer text keeps its first ones (the rules still scan all of it).</summary>
    public const int MaxSentences = 64;

    /// <summary>Characters kept per sentence; MiniLM reads 256 tokens at most and cost grows with length.</summary>
    public const int MaxSentenceLength = 320;

    // Shorter fragments ("Important:", "it was sent in error.") are joined to a neighbour: MiniLM is erratic on a few words
    // and reads "Please disregard our previous email; it was sent in error." right only as a whole.
    private const int MinWords = 8;

    // Longest sentence a short fragment is still appended to.
    private const int MaxJoinedWords = 40;

    /// <summary>The English sentences of <paramref name="text"/> worth embedding, short fragments joined to a neighbour, de-duplicated.</summary>
    public static List<string> Split(string text)
    {
        var joined = new List<string>();
        var pending = "";
        var lastOpen = false;
        foreach (var part in BoundaryRegex().Split(JsonKeyRegex().Replace(text, "\n")))
        {
            var fragment = part.Trim(' ', '\t', '"', '\'', '`', '*', '#', '>', '-', '|', '(', ')', '[', ']', '{', '}', ',', ':');
            var words = WordRegex().Count(fragment);
            if (words == 0)
            {
                continue;
            }

            if (words < MinWords && pending.Length == 0 && lastOpen && WordRegex().Count(joined[^1]) + words <= MaxJoinedWords)
            {
                joined[^1] = $"{joined[^1]} {fragment}";
                continue;
            }

            var sentence = pending.Length == 0 ? fragment : $"{pending} {fragment}";
            if (WordRegex().Count(sentence) < MinWords)
            {
                pending = sentence;
                continue;
            }

            pending = "";
            joined.Add(sentence);
            lastOpen = true;
        }

        if (pending.Length > 0)
        {
            if (joined.Count > 0 && lastOpen)
            {
                joined[^1] = $"{joined[^1]} {pending}";
            }
            else
            {
                joined.Add(pending);
            }
        }

        var sentences = new List<string>();
        foreach (var candidate in joined)
        {
            var sentence = candidate.Length > MaxSentenceLength ? candidate[..MaxSentenceLength] : candidate;
            if (WordRegex().Count(sentence) >= 2 && IsEnglish(sentence) && !sentences.Contains(sentence, StringComparer.Ordinal))
            {
                sentences.Add(sentence);
                if (sentences.Count == MaxSentences)
                {
                    break;
                }
            }
        }

        return sentences;
    }

    /// <summary>
    /// True when a sentence reads as English (enough English function words): MiniLM was trained on English, and its
    /// similarities for other languages are noise in both directions; the rules cover es/fr/de/pt/it.
    /// </summary>
    public static bool IsEnglish(string sentence)
    {
        var words = 0;
        var english = 0;
        foreach (var match in WordRegex().EnumerateMatches(sentence))
        {
            words++;
            english += EnglishWords.Contains(sentence.AsSpan(match.Index, match.Length).ToString().ToLowerInvariant()) ? 1 : 0;
        }

        return english > 0 && english * 6 >= words;
    }

    private static readonly HashSet<string> EnglishWords =
    [
        "the", "and", "to", "of", "you", "your", "is", "are", "in", "for", "this", "that", "with", "on", "be", "as", "it", "me", "my",
        "all", "from", "not", "please", "what", "was", "were", "have", "has", "will", "can", "any", "now", "an", "or", "if", "do",
        "we", "our", "they", "their", "when", "how", "who", "which", "at", "by", "no", "so", "us", "its", "must", "should", "would",
        "could", "been", "there", "here", "than", "then", "only", "every", "about", "into", "before", "after", "tell", "give", "show",
    ];

    // Sentence ends (keeping "e.g." and "3.5" intact well enough), lines, pipes, HTML tags, and JSON "…","…" / "…":"… joints.
    [GeneratedRegex(@"(?<=[.!?;])\s+|\r?\n|\\n|\s\|\s|<[^>]{0,200}>|""\s*[:,]\s*""?|[{}\[\]]\s*""|""\s*[{}\[\]]|\s---+\s", RegexOptions.CultureInvariant)]
    private static partial Regex BoundaryRegex();

    // "key": in JSON tool outputs: the key names are not part of any sentence.
    [GeneratedRegex(@"""[\w\-]{1,40}""\s*:\s*", RegexOptions.CultureInvariant)]
    private static partial Regex JsonKeyRegex();

    [GeneratedRegex(@"\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();
}
