namespace AiNative.Platform.Governance.Pii;

/// <summary>A set of context words, matched case-insensitively against whole words of a short window (one hash lookup per word).</summary>
internal sealed class PiiWords
{
    private readonly HashSet<string> words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public PiiWords(params string[] words)
    {
        this.words = new HashSet<string>(words, StringComparer.OrdinalIgnoreCase);
        lookup = this.words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static PiiWords None { get; } = new();

    public int Count => words.Count;

    /// <summary>Whether a whole word of <paramref name="window"/> is in the set.</summary>
    public bool In(ReadOnlySpan<char> window)
    {
        if (words.Count == 0)
        {
            return false;
        }

        var i = 0;
        while (i < window.Length)
        {
            while (i < window.Length && !char.IsAsciiLetter(window[i]))
            {
                i++;
            }

            var start = i;
            while (i < window.Length && char.IsAsciiLetter(window[i]))
            {
                i++;
            }

            if (i > start && i - start <= 16 && lookup.Contains(window[start..i]))
            {
                return true;
            }
        }

        return false;
    }
}
