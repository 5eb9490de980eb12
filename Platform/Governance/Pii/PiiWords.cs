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
    private const int MaxWordLength = 16;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly PiiWordFilter? filter;

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
        // The filter only when every word is ASCII letters (only those can equal a window's ASCII-letter word).
        if (table.Keys.All(w => w.Length is > 0 and <= MaxWordLength && w.All(char.IsAsciiLetter)))
        {
            filter = new PiiWordFilter(table.Keys);
        }
    }

    /// <summary>The bits of every set holding <paramref name="word"/> (a run of ASCII letters; 0 for none).</summary>
    public int Bits(ReadOnlySpan<char> word) =>
        word.Length <= MaxWordLength && (filter is null || filter.MayContain(word)) && lookup.TryGetValue(word, out var bits) ? bits : 0;

    /// <summary>
    /// <see cref="In(ReadOnlySpan{char})"/> of the window [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="text"/>, whose letter <paramref name="runs"/> (start, end pairs) memoise their <see cref="Bits"/> in
    /// <paramref name="runBits"/> (one per run, -1 until looked up): the windows of one text overlap (four recognizers
    /// judge the same digit run), so each whole word is looked up at most once; runs cut by the window's edges each time.
    /// </summary>
    public int In(ReadOnlySpan<char> text, ReadOnlySpan<int> runs, Span<int> runBits, int start, int end)
    {
        var mask = 0;
        for (var k = PiiCharMap.FirstRunEndingAfter(runs, start); k + 1 < runs.Length && runs[k] < end; k += 2)
        {
            var (from, to) = (runs[k], runs[k + 1]);
            if (from >= start && to <= end)
            {
                ref var bits = ref runBits[k >> 1];
                if (bits < 0)
                {
                    bits = Bits(text[from..to]);
                }

                mask |= bits;
            }
            else
            {
                mask |= Bits(text[Math.Max(from, start)..Math.Min(to, end)]);
            }
        }

        return mask;
    }

    /// <summary>The bits of every set that has a whole word of <paramref name="window"/> (the words <see cref="PiiWords.In"/> looks up).</summary>
    public int In(ReadOnlySpan<char> window)
    {
        // Scalar: windows are 16 to 48 characters, too short for vectorised searches to pay for their call overhead.
        var mask = 0;
        var i = 0;
        while (i < window.Length)
        {
            if (!char.IsAsciiLetter(window[i]))
            {
                i++;
                continue;
            }

            var start = i++;
            while (i < window.Length && char.IsAsciiLetter(window[i]))
            {
                i++;
            }

            var word = window[start..i];
            if (word.Length > MaxWordLength || (filter is not null && !filter.MayContain(word)))
            {
                continue;
            }

            if (lookup.TryGetValue(word, out var bits))
            {
                mask |= bits;
            }
        }

        return mask;
    }
}
