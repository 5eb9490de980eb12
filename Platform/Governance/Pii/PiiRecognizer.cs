using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Pii;

/// <summary>Validates a candidate's text (checksum, structure) before it becomes a finding.</summary>
internal delegate bool PiiValidator(ReadOnlySpan<char> value);

/// <summary>What a recognizer scans for before running its regex: skipping absent triggers keeps clean text fast.</summary>
internal enum PiiPrefilter
{
    None,

    /// <summary>Runs only if the text holds an ASCII digit.</summary>
    Digit,

    /// <summary>Runs only if the text holds an upper-case ASCII letter.</summary>
    Upper,
}

/// <summary>
/// Where a recognizer's regex runs. Scanning all text with ~40 regexes costs tens of nanoseconds per character;
/// vectorised searches for rare anchors, then the regex on a short window, cost a fraction of that.
/// </summary>
internal enum PiiScope
{
    /// <summary>The whole text (patterns whose first characters are rare literals, so the regex skips fast itself).</summary>
    Text,

    /// <summary>Windows around runs of digits and separators holding at least 4 digits (phones, cards, SSNs, IPs, account numbers).</summary>
    DigitClusters,

    /// <summary>The whitespace-delimited token around each <see cref="PiiRecognizer.Anchors"/> hit (e-mail, URL credentials, keys).</summary>
    Token,

    /// <summary>From <see cref="PiiRecognizer.Back"/> before to <see cref="PiiRecognizer.Forward"/> after each anchor word, within its line.</summary>
    Line,
}

/// <summary>
/// One pattern for one entity type. <see cref="Score"/> is its confidence alone; a <see cref="Context"/> word in
/// the 48 characters before (or <see cref="After"/> after) the match gives <see cref="ContextScore"/>, a
/// <see cref="Negative"/> word takes 0.45 off (an order or invoice number that merely looks like a card).
/// With <see cref="RequiresContext"/> a match without a context word is no finding at all.
/// </summary>
internal sealed record PiiRecognizer(string Type, Regex Pattern, double Score)
{
    public PiiValidator? Validate { get; init; }

    /// <summary>Text every match contains: when absent, the regex is skipped.</summary>
    public string? Trigger { get; init; }

    public PiiPrefilter Prefilter { get; init; }

    public double ContextScore { get; init; } = -1;

    public PiiWords Context { get; init; } = PiiWords.None;

    public PiiWords Negative { get; init; } = PiiWords.None;

    public bool RequiresContext { get; init; }

    public PiiScope Scope { get; init; }

    /// <summary>Anchor strings for <see cref="PiiScope.Token"/> and <see cref="PiiScope.Line"/>.</summary>
    public PiiAnchor? Anchors { get; init; }

    /// <summary>A cheap check after an anchor before the regex runs (a label needs a colon, a name cue a capital).</summary>
    public PiiFollow Follow { get; init; }

    /// <summary>Which digit clusters can hold a match (<see cref="PiiScope.DigitClusters"/> only).</summary>
    public PiiShape Shape { get; init; }

    public int Back { get; init; }

    public int Forward { get; init; } = 80;

    /// <summary>How many characters after the match are searched for context words.</summary>
    public int After { get; init; } = 16;

    /// <summary>Whether the match needs a <c>v</c> group (the finding is part of the match).</summary>
    public bool HasValueGroup { get; } = Array.IndexOf(Pattern.GetGroupNames(), "v") >= 0;

    /// <summary>Whether the pattern starts with <c>\G</c>: it is tried at its window's start (the anchor word) only.</summary>
    public bool AtWindowStart { get; } = Pattern.ToString().StartsWith(@"\G", StringComparison.Ordinal);
}

/// <summary>What must follow an anchor within a few characters on its line for the window to be worth a regex run.</summary>
internal enum PiiFollow
{
    None,

    /// <summary>A <c>:</c> or <c>=</c> (labels, key-value secrets).</summary>
    Mark,

    /// <summary>Whitespace then an upper-case letter (a name after a cue word).</summary>
    Capital,

    /// <summary>A line break (a name under a sign-off).</summary>
    NewLine,
}

/// <summary>The digit-cluster shapes a recognizer can match.</summary>
internal enum PiiShape
{
    Any,

    /// <summary>10+ digits and 2+ separators (NANP with separators).</summary>
    Phone,

    /// <summary>8+ digits right after a <c>+</c>.</summary>
    Plus,

    /// <summary>An unbroken run of 8+ digits.</summary>
    Run,

    /// <summary>13+ digits.</summary>
    Card,

    /// <summary>9+ digits.</summary>
    Ssn,

    /// <summary>9+ digits, 2+ dashes.</summary>
    SsnDashed,

    /// <summary>9+ digits, 2+ spaces.</summary>
    SsnSpaced,

    /// <summary>3+ dots (IPv4).</summary>
    Dotted,
}

/// <summary>Anchor strings found by one vectorised search; with <c>wholeWord</c>, a hit counts only as a whole word of the list.</summary>
internal sealed class PiiAnchor
{
    private static int count;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> words;

    public PiiAnchor(bool wholeWord, bool ignoreCase, params string[] anchors)
    {
        Id = Interlocked.Increment(ref count) - 1;
        WholeWord = wholeWord;
        Values = System.Buffers.SearchValues.Create(anchors, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        words = new HashSet<string>(anchors, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many anchor sets exist (the size of a per-text cache of their hits).</summary>
    public static int Count => Volatile.Read(ref count);

    /// <summary>This set's index in such a cache.</summary>
    public int Id { get; }

    public System.Buffers.SearchValues<string> Values { get; }

    public bool WholeWord { get; }

    /// <summary>Every position where an anchor string starts (as a whole word of the list, with <c>wholeWord</c>), in text order.</summary>
    public List<int> FindAll(ReadOnlySpan<char> text)
    {
        var hits = new List<int>();
        for (var position = 0; position < text.Length;)
        {
            var hit = text[position..].IndexOfAny(Values);
            if (hit < 0)
            {
                break;
            }

            var at = position + hit;
            position = at + 1;
            if (!WholeWord)
            {
                hits.Add(at);
                continue;
            }

            if (IsWordAt(text, at))
            {
                hits.Add(at);
            }

            // No later position inside this run of letters can start a whole word ("to" in "customer").
            while (position < text.Length && char.IsLetter(text[position]))
            {
                position++;
            }
        }

        return hits;
    }

    /// <summary>Whether the letters starting at <paramref name="at"/> form one of the anchor words, as a whole word.</summary>
    public bool IsWordAt(ReadOnlySpan<char> text, int at)
    {
        if (at > 0 && char.IsLetter(text[at - 1]))
        {
            return false;
        }

        var end = at;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        return words.Contains(text[at..end]);
    }
}
