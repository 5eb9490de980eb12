namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// A hand-written <see cref="PiiPatterns.CreditCard"/> for ASCII windows: 13 to 19 digits, each pair joined by at most one
/// space or dash, not glued to a word, a decimal or an IBAN's first group. The regex stays the spec (a test compares both on
/// generated windows) and runs for windows with non-ASCII characters, where <c>\w</c> and <c>\d</c> reach beyond ASCII.
/// </summary>
internal static class PiiCardRuns
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    /// <summary>The pattern this replaces (the generated regex is one cached instance).</summary>
    public static System.Text.RegularExpressions.Regex Pattern { get; } = PiiPatterns.CreditCard();

    /// <summary>
    /// Adds the regex's matches in <paramref name="window"/> (searched alone, as a slice), offset by
    /// <paramref name="offset"/>; false, adding nothing, when the window is not all ASCII.
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> window, int offset, List<(int Index, int Length)> matches)
    {
        if (!System.Text.Ascii.IsValid(window))
        {
            return false;
        }

        Span<int> digitEnds = stackalloc int[MaxDigits];
        var p = 0;
        while (p < window.Length)
        {
            var found = window[p..].IndexOfAnyInRange('0', '9');
            if (found < 0)
            {
                break;
            }

            p += found;
            if (!CanStart(window, p))
            {
                p++;
                continue;
            }

            // (?:\d[ -]?){12,18}\d: the chain of digits from p, each next digit right after the previous one or after one
            // space or dash. The greedy loop then backtracks one digit at a time, so the longest prefix of 13 to 19 digits
            // whose end passes the lookahead is the match.
            var count = 0;
            var i = p;
            while (count < MaxDigits && i < window.Length && char.IsAsciiDigit(window[i]))
            {
                digitEnds[count++] = ++i;
                if (i + 1 < window.Length && window[i] is ' ' or '-' && char.IsAsciiDigit(window[i + 1]))
                {
                    i++;
                }
            }

            var end = -1;
            for (var n = count; n >= MinDigits; n--)
            {
                if (!IsBlockedAfter(window, digitEnds[n - 1]))
                {
                    end = digitEnds[n - 1];
                    break;
                }
            }

            if (end < 0)
            {
                p++;
                continue;
            }

            matches.Add((offset + p, end - p));
            p = end;
        }

        return true;
    }

    // (?<![\w.-])(?<![A-Z]{2}\d{2} ) at p.
    private static bool CanStart(ReadOnlySpan<char> window, int p)
    {
        if (p > 0 && (char.IsAsciiLetterOrDigit(window[p - 1]) || window[p - 1] is '_' or '.' or '-'))
        {
            return false;
        }

        return !(p >= 5 && window[p - 1] == ' ' && char.IsAsciiDigit(window[p - 2]) && char.IsAsciiDigit(window[p - 3])
            && char.IsAsciiLetterUpper(window[p - 4]) && char.IsAsciiLetterUpper(window[p - 5]));
    }

    // (?!\w|[.-]\d) at end.
    private static bool IsBlockedAfter(ReadOnlySpan<char> window, int end)
    {
        if (end >= window.Length)
        {
            return false;
        }

        var c = window[end];
        return char.IsAsciiLetterOrDigit(c) || c == '_' || (c is '.' or '-' && end + 1 < window.Length && char.IsAsciiDigit(window[end + 1]));
    }
}
