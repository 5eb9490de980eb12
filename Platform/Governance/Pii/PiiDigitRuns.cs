namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// A hand-written <see cref="PiiPatterns.DigitRun"/> for ASCII windows: a run of 8 to 17 digits not glued to a word,
/// a decimal or a path. Four recognizers share this pattern on every digit cluster, so its regex calls were a fixed cost
/// per cluster; the regex stays the spec (a test compares both) and runs for windows with non-ASCII characters, where
/// <c>\w</c> and <c>\d</c> reach beyond ASCII.
/// </summary>
internal static class PiiDigitRuns
{
    private const int MinDigits = 8;
    private const int MaxDigits = 17;

    /// <summary>The pattern this replaces (the generated regex is one cached instance).</summary>
    public static System.Text.RegularExpressions.Regex Pattern { get; } = PiiPatterns.DigitRun();

    /// <summary>
    /// Adds the regex's matches in <paramref name="window"/> (searched alone, as a slice: nothing before or after it is
    /// seen), offset by <paramref name="offset"/>; false, adding nothing, when the window is not all ASCII.
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> window, int offset, List<(int Index, int Length)> matches)
    {
        if (!System.Text.Ascii.IsValid(window))
        {
            return false;
        }

        var i = 0;
        while (i < window.Length)
        {
            var found = window[i..].IndexOfAnyInRange('0', '9');
            if (found < 0)
            {
                break;
            }

            var start = i + found;
            var end = PiiAsciiText.DigitRunEnd(window, start + 1);

            // (?<![\w.,/:+-]) before the run; a run longer than 17 fails (\d{8,17} then a digit, which is \w).
            var length = end - start;
            if (length is >= MinDigits and <= MaxDigits && (start == 0 || !IsBlockedBefore(window[start - 1])) && !IsBlockedAfter(window, end))
            {
                matches.Add((offset + start, length));
            }

            i = end;
        }

        return true;
    }

    private static bool IsBlockedBefore(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ',' or '/' or ':' or '+' or '-';

    // (?![\w/-]|[.,:]\d) after the run.
    private static bool IsBlockedAfter(ReadOnlySpan<char> window, int end)
    {
        if (end >= window.Length)
        {
            return false;
        }

        var c = window[end];
        return char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '-'
            || (c is '.' or ',' or ':' && end + 1 < window.Length && char.IsAsciiDigit(window[end + 1]));
    }
}
