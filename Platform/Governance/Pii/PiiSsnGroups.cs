namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// Hand-written <see cref="PiiPatterns.SsnDashed"/> (<c>123-45-6789</c>) and <see cref="PiiPatterns.SsnSpaced"/>
/// (<c>123 45 6789</c>) for ASCII windows. Each group must be a whole digit run (a longer run puts a digit where the
/// separator or the final lookahead needs none), so a match is three runs of 3, 2 and 4 digits joined by the separator,
/// starting at a run's first digit that passes the lookbehind. The regexes stay the spec (a test compares them on
/// generated windows) and run for windows with non-ASCII characters.
/// </summary>
internal static class PiiSsnGroups
{
    /// <summary>The dashed pattern (the generated regex is one cached instance).</summary>
    public static System.Text.RegularExpressions.Regex DashedPattern { get; } = PiiPatterns.SsnDashed();

    /// <summary>The spaced pattern.</summary>
    public static System.Text.RegularExpressions.Regex SpacedPattern { get; } = PiiPatterns.SsnSpaced();

    /// <summary><c>(?&lt;![\w.-])\d{3}-\d{2}-\d{4}(?!\w|[.-]\d)</c> on an ASCII window (false: not ASCII, nothing added).</summary>
    public static bool TryMatchDashed(ReadOnlySpan<char> window, int offset, List<(int Index, int Length)> matches) =>
        TryMatch(window, offset, matches, '-');

    /// <summary><c>(?&lt;![\w. -])\d{3} \d{2} \d{4}(?![\w-]| \d)</c> on an ASCII window (false: not ASCII, nothing added).</summary>
    public static bool TryMatchSpaced(ReadOnlySpan<char> window, int offset, List<(int Index, int Length)> matches) =>
        TryMatch(window, offset, matches, ' ');

    private static bool TryMatch(ReadOnlySpan<char> window, int offset, List<(int Index, int Length)> matches, char separator)
    {
        if (!System.Text.Ascii.IsValid(window))
        {
            return false;
        }

        var p = 0;
        while (p < window.Length)
        {
            var found = window[p..].IndexOfAnyInRange('0', '9');
            if (found < 0)
            {
                break;
            }

            var start = p + found;
            var end = PiiAsciiText.DigitRunEnd(window, start);
            var matchEnd = start > 0 && BlockedBefore(window[start - 1], separator) ? 0 : Groups(window, start, end, separator);
            if (matchEnd > 0)
            {
                matches.Add((offset + start, matchEnd - start));
            }

            p = matchEnd > 0 ? matchEnd : end;
        }

        return true;
    }

    // The end of a 3, 2, 4 digit match whose first group is the run [start, end), or 0.
    private static int Groups(ReadOnlySpan<char> window, int start, int end, char separator)
    {
        if (end - start != 3 || !Joined(window, end, separator))
        {
            return 0;
        }

        var second = PiiAsciiText.DigitRunEnd(window, end + 1);
        if (second - end - 1 != 2 || !Joined(window, second, separator))
        {
            return 0;
        }

        var last = PiiAsciiText.DigitRunEnd(window, second + 1);
        if (last - second - 1 != 4)
        {
            return 0;
        }

        // Dashed: (?!\w|[.-]\d). Spaced: (?![\w-]| \d).
        if (last < window.Length)
        {
            var c = window[last];
            var digitNext = last + 1 < window.Length && char.IsAsciiDigit(window[last + 1]);
            if (PiiAsciiText.IsWordChar(c) || (separator == '-' ? c is '.' or '-' && digitNext : c == '-' || (c == ' ' && digitNext)))
            {
                return 0;
            }
        }

        return last;
    }

    private static bool Joined(ReadOnlySpan<char> window, int at, char separator) =>
        at + 1 < window.Length && window[at] == separator && char.IsAsciiDigit(window[at + 1]);

    // Dashed: (?<![\w.-]). Spaced: (?<![\w. -]).
    private static bool BlockedBefore(char c, char separator) => PiiAsciiText.IsWordChar(c) || c is '.' or '-' || (separator == ' ' && c == ' ');
}
