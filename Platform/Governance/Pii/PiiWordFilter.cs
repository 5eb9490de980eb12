namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// A cheap, exact-negative filter in front of a case-insensitive word table: a word of ASCII letters can only be in the
/// table if some key has its length, its first two letters and its last letter (most words of a text fail here, so the
/// hash lookup runs for few).
/// </summary>
internal sealed class PiiWordFilter
{
    private const int MaxLength = 31;
    private readonly uint[] prefixLengths = new uint[26 * 26];
    private readonly uint[] lastLetters = new uint[MaxLength + 1];

    /// <summary>A filter for <paramref name="words"/> (ASCII letters, 1 to 31 of them).</summary>
    public PiiWordFilter(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            if (word.Length is 0 or > MaxLength || !word.All(char.IsAsciiLetter))
            {
                throw new ArgumentException($"'{word}': filtered words are 1 to {MaxLength} ASCII letters.", nameof(words));
            }

            lastLetters[word.Length] |= 1u << Letter(word[^1]);
            if (word.Length >= 2)
            {
                prefixLengths[(Letter(word[0]) * 26) + Letter(word[1])] |= 1u << word.Length;
            }
        }
    }

    /// <summary>Whether <paramref name="word"/>, all ASCII letters, can equal a key case-insensitively (false: it cannot).</summary>
    /// <remarks>
    /// One branch on the combined test: most words fail it, and separate tests of length, last letter and prefix each
    /// mispredict on ordinary text. A last-letter bit implies a key of that length.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MayContain(ReadOnlySpan<char> word)
    {
        var length = word.Length;
        if ((uint)(length - 1) >= MaxLength)
        {
            return false;
        }

        var last = lastLetters[length] >> Letter(word[^1]);
        var prefix = prefixLengths[(Letter(word[0]) * 26) + Letter(word[length > 1 ? 1 : 0])] >> length;
        // A one-letter word has no prefix entry: its prefix test passes.
        return (last & (prefix | (length == 1 ? 1u : 0u)) & 1) != 0;
    }

    private static int Letter(char c) => (c | 0x20) - 'a';
}
