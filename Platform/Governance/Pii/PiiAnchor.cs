using System.Buffers;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// Anchor strings a windowed recognizer starts from. Substring anchors (<c>@</c>, <c>key</c>) are found by one vectorised
/// search; whole-word anchors (labels, name cues, street suffixes) by <see cref="PiiWordAnchors"/>, one pass over the
/// text's words for all such sets at once.
/// </summary>
internal sealed class PiiAnchor
{
    private static int count;

    private readonly HashSet<string> exact;

    public PiiAnchor(bool wholeWord, bool ignoreCase, params string[] anchors)
    {
        Id = Interlocked.Increment(ref count) - 1;
        WholeWord = wholeWord;
        IgnoreCase = ignoreCase;
        Words = anchors;
        Values = SearchValues.Create(anchors, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        exact = new HashSet<string>(anchors, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    }

    /// <summary>
    /// A case-insensitive set whose words all belong to <paramref name="parent"/>: its hits are the parent's hits where
    /// one of its words starts, so the text is searched once for both.
    /// </summary>
    public PiiAnchor(PiiAnchor parent, params string[] anchors)
        : this(wholeWord: false, ignoreCase: true, anchors)
    {
        if (parent.WholeWord || !parent.IgnoreCase || anchors.Any(a => !parent.Words.Contains(a, StringComparer.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("A derived anchor set's words must all be words of its case-insensitive substring parent.", nameof(anchors));
        }

        Parent = parent;
    }

    /// <summary>The set whose hits this one's are a subset of (found by filtering them), if any.</summary>
    public PiiAnchor? Parent { get; }

    /// <summary>Whether one of the anchors starts at <paramref name="at"/> (with this set's case rule).</summary>
    public bool StartsAt(ReadOnlySpan<char> text, int at)
    {
        var rest = text[at..];
        var first = rest[0];
        foreach (var word in Words)
        {
            // An ASCII first character that differs even ignoring case rules the word out (a non-ASCII one may fold to ASCII).
            if (first < 128 && (IgnoreCase ? (first | 0x20) != (word[0] | 0x20) : first != word[0]))
            {
                continue;
            }

            if (rest.StartsWith(word, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many anchor sets exist (the size of a per-text cache of their hits).</summary>
    public static int Count => Volatile.Read(ref count);

    /// <summary>This set's index in such a cache.</summary>
    public int Id { get; }

    public bool WholeWord { get; }

    public bool IgnoreCase { get; }

    public IReadOnlyList<string> Words { get; }

    public SearchValues<string> Values { get; }

    /// <summary>Whether <paramref name="word"/> is one of the anchors (with this set's case rule).</summary>
    public bool Contains(ReadOnlySpan<char> word) => exact.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    /// <summary>Every position where an anchor string starts, in text order, into <paramref name="hits"/> (substring anchors only).</summary>
    public void FindAll(ReadOnlySpan<char> text, List<int> hits)
    {
        for (var position = 0; position < text.Length;)
        {
            var hit = text[position..].IndexOfAny(Values);
            if (hit < 0)
            {
                break;
            }

            hits.Add(position + hit);
            position += hit + 1;
        }
    }
}

/// <summary>
/// The whole-word anchor sets, found in one pass: every maximal run of letters is looked up once (after a cheap filter on
/// its length and letters) in one table naming the sets it belongs to. A hit is the start of a letter run equal to
/// an anchor word, the same positions a search for the anchor strings followed by a whole-word check gives.
/// </summary>
internal sealed class PiiWordAnchors
{
    private readonly PiiAnchor[] sets;
    private readonly Dictionary<string, int> membership = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly PiiWordFilter filter;

    public PiiWordAnchors(params PiiAnchor[] sets)
    {
        if (sets.Length > 31 || sets.Any(s => !s.WholeWord || s.Words.Any(w => w.Length < 2 || !w.All(char.IsAsciiLetter))))
        {
            throw new ArgumentException("At most 31 whole-word anchor sets, of ASCII words of 2+ letters.", nameof(sets));
        }

        this.sets = sets;
        for (var i = 0; i < sets.Length; i++)
        {
            foreach (var word in sets[i].Words)
            {
                membership[word] = membership.GetValueOrDefault(word) | (1 << i);
            }
        }

        lookup = membership.GetAlternateLookup<ReadOnlySpan<char>>();
        filter = new PiiWordFilter(membership.Keys);
    }

    /// <summary>How many sets (hit lists) there are.</summary>
    public int Count => sets.Length;

    /// <summary>The index of <paramref name="anchor"/> in the hit lists <see cref="FindAll"/> fills, or -1.</summary>
    public int IndexOf(PiiAnchor anchor) => Array.IndexOf(sets, anchor);

    /// <summary>Fills <paramref name="hits"/>[i] with the positions of set i's words, in text order (<paramref name="letters"/>: the text's map).</summary>
    public void FindAll(ReadOnlySpan<char> text, PiiCharMap letters, List<int>[] hits)
    {
        // A word is a maximal run of letters, ASCII or not. Words holding a letter beyond ASCII can equal no set's word (all
        // ASCII: no character beyond ASCII equals an ASCII letter ignoring case, as a test checks over every UTF-16 unit),
        // so the candidates are exactly the runs of the letter map that no letter beyond ASCII extends.
        var runs = letters.LetterRuns;
        var beyondAscii = letters.HasNonAscii;
        // No length test first: the filter rejects lengths no key has in its one combined test.
        for (var k = 0; k + 1 < runs.Length; k += 2)
        {
            var start = runs[k];
            var end = runs[k + 1];
            var word = text[start..end];
            if (filter.MayContain(word) && !(beyondAscii && ExtendedBeyondAscii(text, start, end)))
            {
                Add(word, start, hits);
            }
        }
    }

    // Whether a letter beyond ASCII touches the run [start, end), making it part of a longer word.
    private static bool ExtendedBeyondAscii(ReadOnlySpan<char> text, int start, int end) =>
        (start > 0 && text[start - 1] >= 128 && char.IsLetter(text[start - 1])) || (end < text.Length && text[end] >= 128 && char.IsLetter(text[end]));

    private void Add(ReadOnlySpan<char> word, int start, List<int>[] hits)
    {
        if (!lookup.TryGetValue(word, out var mask))
        {
            return;
        }

        for (var set = 0; set < sets.Length; set++)
        {
            if ((mask & (1 << set)) != 0 && (sets[set].IgnoreCase || sets[set].Contains(word)))
            {
                hits[set].Add(start);
            }
        }
    }
}
