namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// The short stretches of text a windowed recognizer runs on. A window starts after whitespace (or at most a few
/// characters before its anchor), so lookbehinds at its start see what they would see in the whole text.
/// </summary>
internal static class PiiWindows
{
    private const int MaxTokenReach = 256;
    private const int ClusterLead = 12;

    /// <summary>
    /// Adds the runs of digits joined by at most two separators (<c> -.()/+</c>) holding 4+ digits, widened to their tokens,
    /// to <paramref name="windows"/>, and to <paramref name="ibanStarts"/> where two ASCII capitals then two ASCII digits
    /// start (an IBAN's country code and check digits; the position of the first capital).
    /// </summary>
    public static void DigitClusters(ReadOnlySpan<char> text, PiiCharMap map, List<PiiDigitCluster> windows, List<int> ibanStarts)
    {
        // The map's digit runs in order: a cluster takes runs until a gap that is not one or two separators.
        var runs = map.DigitRuns;
        var next = 0;
        while (next < runs.Length)
        {
            var start = runs[next];
            var end = start;
            // A digit after a letter always starts a cluster (separators never are letters), so every such start is seen here.
            if (start >= 2 && char.IsAsciiLetterUpper(text[start - 1]) && char.IsAsciiLetterUpper(text[start - 2])
                && start + 1 < text.Length && char.IsAsciiDigit(text[start + 1]))
            {
                ibanStarts.Add(start - 2);
            }

            // A run of under 4 digits that the next run is too far from to join (a cluster continues over one or two
            // separators) is no cluster: skipped without the separator checks (counts, times, small numbers).
            if (runs[next + 1] - start < 4 && (next + 2 >= runs.Length || runs[next + 2] - runs[next + 1] > 2))
            {
                next += 2;
                continue;
            }

            int digits = 0, run = 0, maxRun = 0, dots = 0, dashes = 0, spaces = 0, separators = 0;
            var groups = default(PiiDigitGroups);
            var separator = '\0';
            var i = start;
            while (i < text.Length)
            {
                // i is at the start of runs[next]: that run of digits, by the map.
                end = runs[next + 1];
                next += 2;
                run = end - i;
                digits += run;
                maxRun = Math.Max(maxRun, run);
                i = end;

                // Up to two separators, then a digit, keep the run going ("(415) 555-0132", "4111 1111", "10.0.0.1").
                var j = i;
                while (j < text.Length && j - i < 2 && IsSeparator(text[j]))
                {
                    j++;
                }

                if (j > i && j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    groups.Add(run, separator);
                    separator = j - i == 1 ? text[i] : '\0';
                    for (var k = i; k < j; k++)
                    {
                        dots += text[k] == '.' ? 1 : 0;
                        dashes += text[k] == '-' ? 1 : 0;
                        spaces += text[k] == ' ' ? 1 : 0;
                    }

                    separators += j - i;
                    run = 0;
                    i = j;
                    continue;
                }

                break;
            }

            if (digits >= 4)
            {
                groups.Add(run, separator);

                // A leading "+" or "(" belongs to the phone number even after a space: "call +1 415...".
                var plus = start > 0 && (text[start - 1] == '+' || (start > 1 && text[start - 1] is ' ' or '(' && text[start - 2] == '+'));
                windows.Add(new PiiDigitCluster(start, end, PiiDigitCluster.BitsOf(digits, maxRun, dots, plus, dashes, spaces, separators, groups.Shapes)));
            }
        }
    }

    /// <summary>
    /// The window a cluster's regexes run on: its digits widened to their token (at most 12 characters each side) and one
    /// more character for lookaheads. Found only for clusters some recognizer's shape fits (most fit none: dates, times).
    /// </summary>
    public static (int Start, int End) ClusterWindow(ReadOnlySpan<char> text, PiiDigitCluster cluster)
    {
        var (start, end) = (cluster.DigitStart, cluster.DigitEnd);
        var windowStart = start;
        while (windowStart > 0 && start - windowStart < ClusterLead && !char.IsWhiteSpace(text[windowStart - 1]))
        {
            windowStart--;
        }

        var windowEnd = end;
        while (windowEnd < text.Length && windowEnd - end < ClusterLead && !char.IsWhiteSpace(text[windowEnd]))
        {
            windowEnd++;
        }

        return (windowStart, Math.Min(text.Length, windowEnd + 1));
    }

    /// <summary>
    /// The matches <paramref name="pattern"/>'s own left-to-right search of the whole text finds, when every match can only
    /// start at one of <paramref name="starts"/> (ascending) and is at most <paramref name="reach"/> characters long including
    /// the character its final lookahead reads, and no lookbehind reads more than one character back. Each start is tried on
    /// a window from the character before it; a start inside the previous match is skipped, as the search resumes after it.
    /// </summary>
    public static void MatchesFromStarts(System.Text.RegularExpressions.Regex pattern, string text, List<int> starts, int reach, List<(int Index, int Length)> matches)
    {
        var resumeAt = 0;
        foreach (var at in starts)
        {
            if (at < resumeAt)
            {
                continue;
            }

            var windowStart = Math.Max(0, at - 1);
            var window = text.AsSpan(windowStart, Math.Min(text.Length, at + reach) - windowStart);
            foreach (var match in pattern.EnumerateMatches(window))
            {
                // The first match of the window; one starting later belongs to a later start (or to none).
                if (windowStart + match.Index == at && match.Length > 0)
                {
                    matches.Add((at, match.Length));
                    resumeAt = at + match.Length;
                }

                break;
            }
        }
    }

    /// <summary>The whitespace-delimited token holding <paramref name="at"/> (each side at most 256 characters).</summary>
    public static (int Start, int End) Token(ReadOnlySpan<char> text, int at)
    {
        var start = at;
        while (start > 0 && at - start < MaxTokenReach && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        var end = at;
        while (end < text.Length && end - at < MaxTokenReach && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return (start, end);
    }

    /// <summary>From <paramref name="back"/> before to <paramref name="forward"/> after <paramref name="at"/>, cut at line breaks (a sign-off's next line is kept).</summary>
    public static (int Start, int End) Line(ReadOnlySpan<char> text, int at, int back, int forward)
    {
        var start = Math.Max(0, at - back);
        var before = text[start..at].LastIndexOf('\n');
        if (before >= 0)
        {
            start += before + 1;
        }

        // A window starting mid-word would let "\b" and lookbehinds pass where they should not: back up to a word start.
        while (start > 0 && start < at && char.IsLetterOrDigit(text[start - 1]))
        {
            start++;
        }

        var end = Math.Min(text.Length, at + forward);
        return (start, end);
    }

    /// <summary>Whether what <paramref name="follow"/> asks for appears within 24 characters after <paramref name="at"/> on its line.</summary>
    public static bool Follows(ReadOnlySpan<char> text, int at, PiiFollow follow)
    {
        if (follow == PiiFollow.None)
        {
            return true;
        }

        var ahead = text.Slice(at, Math.Min(24, text.Length - at));
        switch (follow)
        {
            case PiiFollow.Ipv6Colons:
                return HasIpv6Colons(text[at..Math.Min(text.Length, at + 64)]);
            case PiiFollow.NewLine:
                return ahead.Contains('\n');
            case PiiFollow.Mark or PiiFollow.LabelMark:
                var line = ahead.IndexOf('\n') is var nl and >= 0 ? ahead[..nl] : ahead;
                return line.IndexOfAny(':', '=') >= 0 && (follow == PiiFollow.Mark || MarkAfterWords(text, at));
            default:
                if (!CapitalAfterWords(text, at))
                {
                    return false;
                }

                for (var i = 1; i < ahead.Length; i++)
                {
                    if (ahead[i] == '\n')
                    {
                        return false;
                    }

                    if (char.IsUpper(ahead[i]) && ahead[i - 1] is ' ' or '\t')
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    /// <summary>Whether the word at <paramref name="at"/>, or it and one more word, is followed by <c>[ \t]*[:=]</c> ("Name:", "Full name =").</summary>
    private static bool MarkAfterWords(ReadOnlySpan<char> text, int at)
    {
        var i = SkipLetters(text, at);
        for (var words = 0; words < 2; words++)
        {
            var j = SkipBlanks(text, i);
            if (j < text.Length && text[j] is ':' or '=')
            {
                return true;
            }

            var next = SkipLetters(text, j);
            if (j == i || next == j)
            {
                return false;
            }

            i = next;
        }

        return false;
    }

    /// <summary>Whether the word at <paramref name="at"/>, or it and one more word, is followed by blanks and a capital ("Dear Ann", "reported by Ann").</summary>
    private static bool CapitalAfterWords(ReadOnlySpan<char> text, int at)
    {
        var i = SkipLetters(text, at);
        for (var words = 0; words < 2; words++)
        {
            var j = SkipBlanks(text, i);
            if (j == i || j == text.Length)
            {
                return false;
            }

            if (char.IsUpper(text[j]))
            {
                return true;
            }

            i = SkipLetters(text, j);
            if (i == j)
            {
                return false;
            }
        }

        return false;
    }

    private static int SkipLetters(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsLetter(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipBlanks(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private static bool HasIpv6Colons(ReadOnlySpan<char> run)
    {
        var colons = 0;
        for (var i = 0; i < run.Length && (char.IsAsciiHexDigit(run[i]) || run[i] is ':' or '.'); i++)
        {
            if (run[i] == ':' && (++colons >= 6 || (i > 0 && run[i - 1] == ':')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="window"/> holds a decimal digit of any script (what a regex <c>\d</c> matches).</summary>
    public static bool HasDigit(ReadOnlySpan<char> window)
    {
        if (window.ContainsAnyInRange('0', '9'))
        {
            return true;
        }

        if (System.Text.Ascii.IsValid(window))
        {
            return false;
        }

        foreach (var c in window)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsSeparator(char c) => c is ' ' or '-' or '.' or '(' or ')' or '/' or '+';
}

/// <summary>
/// A run of digits and separators (from its first to past its last digit) with a bit (1 &lt;&lt; shape) per
/// <see cref="PiiShape"/> it <see cref="Fits"/>; <see cref="PiiWindows.ClusterWindow"/> widens it to its token.
/// </summary>
internal readonly record struct PiiDigitCluster(int DigitStart, int DigitEnd, int ShapeBits)
{
    /// <summary>Whether the cluster fits <paramref name="shape"/> (one bit test).</summary>
    public bool Fits(PiiShape shape) => (ShapeBits & (1 << (int)shape)) != 0;

    // Every match lies within one cluster's digits and separators, so these counts are necessary conditions: a cluster
    // failing them (a timestamp for a spaced SSN, a bare run for a US phone) skips that regex run.
    public static int BitsOf(int digits, int maxRun, int dots, bool plus, int dashes, int spaces, int separators, PiiGroupShapes groups) =>
        Bit(PiiShape.Any, true)
        | Bit(PiiShape.Phone, digits >= 10 && separators >= 2 && (groups & PiiGroupShapes.PhoneTail) != 0)
        | Bit(PiiShape.SsnDashed, digits >= 9 && dashes >= 2 && (groups & PiiGroupShapes.SsnDashed) != 0)
        | Bit(PiiShape.SsnSpaced, digits >= 9 && spaces >= 2 && (groups & PiiGroupShapes.SsnSpaced) != 0)
        | Bit(PiiShape.Plus, plus && digits >= 7)
        | Bit(PiiShape.Run, maxRun >= 8 && (groups & PiiGroupShapes.Run8To17) != 0)
        | Bit(PiiShape.Card, digits >= 13 && (groups & PiiGroupShapes.CardChain) != 0)
        | Bit(PiiShape.Ssn, digits >= 9)
        | Bit(PiiShape.Dotted, dots >= 3);

    private static int Bit(PiiShape shape, bool fits) => fits ? 1 << (int)shape : 0;
}

/// <summary>Group structures a cluster holds (groups = maximal digit runs; a separator of one character between them).</summary>
[Flags]
internal enum PiiGroupShapes
{
    None = 0,

    /// <summary>3 digits, one of <c> .-</c>, 4 digits: a US phone's exchange and line number.</summary>
    PhoneTail = 1,

    /// <summary>3-2-4 digits joined by single dashes.</summary>
    SsnDashed = 2,

    /// <summary>3 2 4 digits joined by single spaces.</summary>
    SsnSpaced = 4,

    /// <summary>A group of 8 to 17 digits (a bare digit run).</summary>
    Run8To17 = 8,

    /// <summary>13+ digits in groups joined by single spaces or dashes (a card number).</summary>
    CardChain = 16,
}

/// <summary>
/// Parses a cluster's digit groups once, as they end, into the <see cref="PiiGroupShapes"/> they form. Each shape is a
/// necessary condition of a recognizer's regex (its lookarounds make a match start and end at group boundaries), so a
/// cluster without it cannot match and that regex run is skipped.
/// </summary>
internal struct PiiDigitGroups
{
    private int previous;
    private int beforePrevious;
    private char previousSeparator;
    private int chain;

    public PiiGroupShapes Shapes { get; private set; }

    /// <summary>A group of <paramref name="length"/> digits ended; <paramref name="separator"/> (or <c>\0</c>: none, or two characters) came before it.</summary>
    public void Add(int length, char separator)
    {
        if (length is >= 8 and <= 17)
        {
            Shapes |= PiiGroupShapes.Run8To17;
        }

        if (length == 4 && previous == 3 && separator is ' ' or '.' or '-')
        {
            Shapes |= PiiGroupShapes.PhoneTail;
        }

        if (length == 4 && previous == 2 && beforePrevious == 3 && separator == previousSeparator && separator is '-' or ' ')
        {
            Shapes |= separator == '-' ? PiiGroupShapes.SsnDashed : PiiGroupShapes.SsnSpaced;
        }

        chain = previous > 0 && separator is ' ' or '-' ? chain + length : length;
        if (chain >= 13)
        {
            Shapes |= PiiGroupShapes.CardChain;
        }

        beforePrevious = previous;
        previous = length;
        previousSeparator = separator;
    }
}
