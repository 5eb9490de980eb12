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
    private readonly uint lengths;

    /// <summary>A filter for <paramref name="words"/> (ASCII letters, 1 to 31 of them).</summary>
    public PiiWordFilter(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            if (word.Length is 0 or > MaxLength || !word.All(char.IsAsciiLetter))
            {
                throw new ArgumentException($"'{word}': filtered words are 1 to {MaxLength} ASCII letters.", nameof(words));
            }

            lengths |= 1u << word.Length;
            lastLetters[word.Length] |= 1u << Letter(word[^1]);
            if (word.Length >= 2)
            {
                prefixLengths[(Letter(word[0]) * 26) + Letter(word[1])] |= 1u << word.Length;
            }
        }
    }

    /// <summary>Whether <paramref name="word"/>, all ASCII letters, can equal a key case-insensitively (false: it cannot).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MayContain(ReadOnlySpan<char> word)
    {
        var length = word.Length;
        if (length > MaxLength || ((lengths >> length) & 1) == 0 || ((lastLetters[length] >> Letter(word[^1])) & 1) == 0)
        {
            return false;
        }

        return length < 2 || ((prefixLengths[(Letter(word[0]) * 26) + Letter(word[1])] >> length) & 1) != 0;
    }

    private static int Letter(char c) => (c | 0x20) - 'a';
}
