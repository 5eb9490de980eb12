using System.Buffers;

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

    /// <summary>This set's bit in <see cref="PiiContextWords"/> masks (0 until registered there).</summary>
    public int Bit { get; internal set; }

    public IEnumerable<string> Words => words;

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

/// <summary>
/// All context-word sets in one table (word → bit per set holding it), so one tokenization of a window answers every
/// set's <see cref="PiiWords.In"/> at once: digit runs are judged by four recognizers with different words.
/// </summary>
internal sealed class PiiContextWords
{
    private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly bool[]? prefixes;
    private readonly int minLength;
    private readonly int maxLength;

    public PiiContextWords(params PiiWords[] sets)
    {
        if (sets.Length > 31)
        {
            throw new ArgumentException("At most 31 context-word sets.", nameof(sets));
        }

        var table = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sets.Length; i++)
        {
            sets[i].Bit = 1 << i;
            foreach (var word in sets[i].Words)
            {
                table[word] = table.GetValueOrDefault(word) | (1 << i);
            }
        }

        lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        minLength = table.Count == 0 ? int.MaxValue : table.Keys.Min(w => w.Length);
        maxLength = table.Count == 0 ? 0 : table.Keys.Max(w => w.Length);
        // The prefix filter only when every word is ASCII letters (only those can equal a window's ASCII-letter word).
        if (table.Keys.All(w => w.All(char.IsAsciiLetter)))
        {
            prefixes = new bool[26 * 26];
            foreach (var word in table.Keys.Where(w => w.Length >= 2))
            {
                prefixes[Prefix(word[0], word[1])] = true;
            }
        }
    }

    /// <summary>The bits of every set that has a whole word of <paramref name="window"/> (the words <see cref="PiiWords.In"/> looks up).</summary>
    public int In(ReadOnlySpan<char> window)
    {
        var mask = 0;
        var i = 0;
        while (i < window.Length)
        {
            // Vectorised jumps to the next word and past it; most words then fail on length or first two letters.
            var next = window[i..].IndexOfAny(AsciiLetters);
            if (next < 0)
            {
                break;
            }

            var start = i + next;
            var stop = window[start..].IndexOfAnyExcept(AsciiLetters);
            i = stop < 0 ? window.Length : start + stop;
            var length = i - start;
            if (length > 16 || length < minLength || length > maxLength
                || (length >= 2 && prefixes is not null && !prefixes[Prefix(window[start], window[start + 1])]))
            {
                continue;
            }

            if (lookup.TryGetValue(window[start..i], out var bits))
            {
                mask |= bits;
            }
        }

        return mask;
    }

    /// <summary>The index of two ASCII letters, case-insensitively.</summary>
    private static int Prefix(char first, char second) => (((first | 0x20) - 'a') * 26) + ((second | 0x20) - 'a');
}
