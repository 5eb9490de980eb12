namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// A hand-written <see cref="PiiPatterns.IPv4"/> for ASCII windows: four decimal octets (0 to 255, no leading zero)
/// joined by single dots, not glued to a word, a dot or a further <c>.digit</c>. Every octet must be a whole digit run
/// (a shorter alternative of the regex is followed by a digit, which its next <c>\.</c> or final lookahead rejects), and
/// a match can only start where a digit run starts after neither a word character nor a dot. The regex stays the spec (a
/// test compares both on generated windows) and runs for windows with non-ASCII characters.
/// </summary>
internal static class PiiDottedQuads
{
    /// <summary>The pattern this replaces (the generated regex is one cached instance).</summary>
    public static System.Text.RegularExpressions.Regex Pattern { get; } = PiiPatterns.IPv4();

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
            var found = window[p..].IndexOfAnyInRange('0', '9');
            if (found < 0)
            {
                break;
            }

            var start = p + found;
            var end = PiiAsciiText.DigitRunEnd(window, start);
            // (?<![\w.]): the run's first digit after neither a word character nor a dot.
            if (start > 0 && (PiiAsciiText.IsWordChar(window[start - 1]) || window[start - 1] == '.'))
            {
                p = end;
                continue;
            }

            var matchEnd = Quad(window, start, end);
            if (matchEnd > 0)
            {
                matches.Add((offset + start, matchEnd - start));
            }

            p = matchEnd > 0 ? matchEnd : end;
        }

        return true;
    }

    // The end of a match whose first octet is the run [start, end), or 0 for none.
    private static int Quad(ReadOnlySpan<char> window, int start, int end)
    {
        for (var octet = 0; ; octet++)
        {
            if (!IsOctet(window[start..end]))
            {
                return 0;
            }

            if (octet == 3)
            {
                // (?!\w|\.\d) after the last octet (the run's end is no digit).
                var followed = end < window.Length && (PiiAsciiText.IsWordChar(window[end])
                    || (window[end] == '.' && end + 1 < window.Length && char.IsAsciiDigit(window[end + 1])));
                return followed ? 0 : end;
            }

            if (end + 1 >= window.Length || window[end] != '.' || !char.IsAsciiDigit(window[end + 1]))
            {
                return 0;
            }

            start = end + 1;
            end = PiiAsciiText.DigitRunEnd(window, start);
        }
    }

    // 25[0-5] | 2[0-4]\d | 1\d\d | [1-9]?\d: 0 to 255 without a leading zero.
    private static bool IsOctet(ReadOnlySpan<char> digits) => digits.Length switch
    {
        1 => true,
        2 => digits[0] != '0',
        3 => digits[0] == '1' || (digits[0] == '2' && (digits[1] < '5' || (digits[1] == '5' && digits[2] <= '5'))),
        _ => false,
    };
}
