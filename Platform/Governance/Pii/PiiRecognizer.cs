using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Pii;

/// <summary>Validates a candidate's text (checksum, structure) before it becomes a finding.</summary>
internal delegate bool PiiValidator(ReadOnlySpan<char> value);

/// <summary>
/// A hand-written twin of a cluster regex: adds the regex's matches in an ASCII window (searched alone, as a slice), offset
/// by the window's start; false, adding nothing, when the window is not all ASCII (the regex then runs).
/// </summary>
internal delegate bool PiiWindowMatcher(ReadOnlySpan<char> window, int offset, List<(int Index, int Length)> matches);

/// <summary>What a recognizer scans for before running its regex: skipping absent triggers keeps clean text fast.</summary>
internal enum PiiPrefilter
{
    None,

    /// <summary>Runs only if the text holds an ASCII digit.</summary>
    Digit,

    /// <summary>Runs only if the text holds an upper-case ASCII letter.</summary>
    Upper,

    /// <summary>Runs only if two capitals then two digits start a word (an IBAN's country code and check digits).</summary>
    IbanStart,

    /// <summary>
    /// Runs only if the text has <c>::</c> or six colons: <see cref="PiiFollow.Ipv6Colons"/> needs one of them in a run, so
    /// a text without either skips the colon search and its per-colon checks.
    /// </summary>
    Ipv6Colons,

    /// <summary>Runs only if a title word (<c>Mr</c>, <c>Dr</c>, ...) stands in the text as a whole word.</summary>
    Title,
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

    /// <summary>
    /// Windows from each <see cref="PiiTextScan.IbanStarts"/> position, <see cref="PiiRecognizer.Forward"/> characters long
    /// (an IBAN can only start there in ASCII text); a text with other characters is scanned whole.
    /// </summary>
    IbanStarts,

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

    /// <summary>Texts one of which every match contains: when all are absent, the regex is skipped.</summary>
    public string[]? Triggers
    {
        get;
        init
        {
            field = value;
            TriggerBits = PiiTriggers.BitsOf(value);
        }
    }

    /// <summary><see cref="Triggers"/> as <see cref="PiiTriggers"/> bits (0: none, -1: one is not a known trigger).</summary>
    public int TriggerBits { get; private init; }

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

    /// <summary>Whether every match holds a <c>\d</c> (windowed scopes skip windows without one).</summary>
    public bool NeedsDigit { get; init; }

    public int Back { get; init; }

    public int Forward { get; init; } = 80;

    /// <summary>How many characters after the match are searched for context words.</summary>
    public int After { get; init; } = 16;

    /// <summary>The hand-written twin of <see cref="Pattern"/> on ASCII cluster windows, if it has one.</summary>
    public PiiWindowMatcher? HandWritten { get; } = HandWrittenFor(Pattern);

    /// <summary>Whether the match needs a <c>v</c> group (the finding is part of the match).</summary>
    public bool HasValueGroup { get; } = Array.IndexOf(Pattern.GetGroupNames(), "v") >= 0;

    /// <summary>Whether the pattern starts with <c>\G</c>: it is tried at its window's start (the anchor word) only.</summary>
    public bool AtWindowStart { get; } = Pattern.ToString().StartsWith(@"\G", StringComparison.Ordinal);

    private static PiiWindowMatcher? HandWrittenFor(Regex pattern) =>
        pattern == PiiDigitRuns.Pattern ? PiiDigitRuns.TryMatch
        : pattern == PiiCardRuns.Pattern ? PiiCardRuns.TryMatch
        : pattern == PiiDottedQuads.Pattern ? PiiDottedQuads.TryMatch
        : pattern == PiiUsPhones.Pattern ? PiiUsPhones.TryMatch
        : pattern == PiiSsnGroups.DashedPattern ? PiiSsnGroups.TryMatchDashed
        : pattern == PiiSsnGroups.SpacedPattern ? PiiSsnGroups.TryMatchSpaced
        : null;
}

/// <summary>What must follow an anchor within a few characters on its line for the window to be worth a regex run.</summary>
internal enum PiiFollow
{
    None,

    /// <summary>A <c>:</c> or <c>=</c> (labels, key-value secrets).</summary>
    Mark,

    /// <summary>Whitespace then an upper-case letter (a name after a cue word), right after the cue or one more word.</summary>
    Capital,

    /// <summary>A <see cref="Mark"/>, right after the label word or one more word (blanks allowed before it).</summary>
    LabelMark,

    /// <summary>
    /// A run of hex digits, colons and dots holding <c>::</c> or 6+ colons (what an IPv6 address needs to parse;
    /// a time such as 06:40:01 has neither).
    /// </summary>
    Ipv6Colons,

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
