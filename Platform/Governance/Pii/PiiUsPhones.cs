namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// A hand-written <see cref="PiiPatterns.UsPhone"/> for ASCII windows: an optional <c>+1</c> / <c>1</c> and separator,
/// a 3-digit area code (in brackets, or followed by a separator), a 3-digit exchange, a separator and 4 digits. At each
/// start the regex has one way to succeed (a <c>+</c> or <c>1</c> can only be the prefix, a bracket or 2-9 only the area
/// code, and an optional separator that is present must be taken, as the next part cannot start with one), so trying
/// every position in order is the regex's own search. The regex stays the spec (a test compares both on generated
/// windows) and runs for windows with non-ASCII characters.
/// </summary>
internal static class PiiUsPhones
{
    /// <summary>The pattern this replaces (the generated regex is one cached instance).</summary>
    public static System.Text.RegularExpressions.Regex Pattern { get; } = PiiPatterns.UsPhone();

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

        var p = 0;
        while (p < window.Length)
        {
            // (?<![\w+.-])
            var end = p > 0 && (PiiAsciiText.IsWordChar(window[p - 1]) || window[p - 1] is '+' or '.' or '-') ? 0 : MatchAt(window, p);
            if (end > 0)
            {
                matches.Add((offset + p, end - p));
                p = end;
            }
            else
            {
                p++;
            }
        }

        return true;
    }

    // The end of a match starting at p, or 0.
    private static int MatchAt(ReadOnlySpan<char> w, int p)
    {
        var i = p;
        // (?:\+?1[ .-]?)?
        if (At(w, i) is '+' or '1')
        {
            if (w[i] == '+')
            {
                i++;
            }

            if (At(w, i) != '1')
            {
                return 0;
            }

            i++;
            if (IsSeparator(At(w, i)))
            {
                i++;
            }
        }

        // (?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])
        if (At(w, i) == '(')
        {
            if (!ThreeDigits(w, i + 1) || At(w, i + 4) != ')')
            {
                return 0;
            }

            i += 5;
            if (IsSeparator(At(w, i)))
            {
                i++;
            }
        }
        else
        {
            if (!ThreeDigits(w, i) || !IsSeparator(At(w, i + 3)))
            {
                return 0;
            }

            i += 4;
        }

        // [2-9]\d{2}[ .-]\d{4}
        if (!ThreeDigits(w, i) || !IsSeparator(At(w, i + 3)))
        {
            return 0;
        }

        i += 4;
        for (var k = 0; k < 4; k++, i++)
        {
            if (!char.IsAsciiDigit(At(w, i)))
            {
                return 0;
            }
        }

        // (?!\w|[.-]\d)
        var next = At(w, i);
        return PiiAsciiText.IsWordChar(next) || (next is '.' or '-' && char.IsAsciiDigit(At(w, i + 1))) ? 0 : i;
    }

    // [2-9]\d{2}
    private static bool ThreeDigits(ReadOnlySpan<char> w, int i) =>
        At(w, i) is >= '2' and <= '9' && char.IsAsciiDigit(At(w, i + 1)) && char.IsAsciiDigit(At(w, i + 2));

    // The character at i, or '\0' past the window's end (it matches none of the classes above).
    private static char At(ReadOnlySpan<char> w, int i) => (uint)i < (uint)w.Length ? w[i] : '\0';

    private static bool IsSeparator(char c) => c is ' ' or '.' or '-';
}
