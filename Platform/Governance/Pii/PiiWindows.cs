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
    /// to <paramref name="windows"/>; returns whether two digits follow two capitals somewhere (an IBAN's start).
    /// </summary>
    public static bool DigitClusters(ReadOnlySpan<char> text, List<PiiDigitCluster> windows)
    {
        var ibanStart = false;
        var position = 0;
        while (position < text.Length)
        {
            var hit = text[position..].IndexOfAnyInRange('0', '9');
            if (hit < 0)
            {
                break;
            }

            var start = position + hit;
            var end = start;
            // A digit after a letter always starts a cluster: separators never are letters.
            ibanStart |= start >= 2 && char.IsAsciiLetterUpper(text[start - 1]) && char.IsAsciiLetterUpper(text[start - 2])
                && start + 1 < text.Length && char.IsAsciiDigit(text[start + 1]);
            int digits = 0, run = 0, maxRun = 0, dots = 0, dashes = 0, spaces = 0, separators = 0;
            var i = start;
            while (i < text.Length)
            {
                if (char.IsAsciiDigit(text[i]))
                {
                    digits++;
                    maxRun = Math.Max(maxRun, ++run);
                    i++;
                    end = i;
                    continue;
                }

                // Up to two separators, then a digit, keep the run going ("(415) 555-0132", "4111 1111", "10.0.0.1").
                var j = i;
                while (j < text.Length && j - i < 2 && IsSeparator(text[j]))
                {
                    j++;
                }

                if (j > i && j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    dots += text[i..j].Count('.');
                    dashes += text[i..j].Count('-');
                    spaces += text[i..j].Count(' ');
                    separators += j - i;
                    run = 0;
                    i = j;
                    continue;
                }

                break;
            }

            position = end;
            if (digits >= 4)
            {
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

                // A leading "+" or "(" belongs to the phone number even after a space: "call +1 415...".
                var plus = start > 0 && (text[start - 1] == '+' || (start > 1 && text[start - 1] is ' ' or '(' && text[start - 2] == '+'));
                windows.Add(new PiiDigitCluster(windowStart, Math.Min(text.Length, windowEnd + 1), digits, maxRun, dots, plus, dashes, spaces, separators));
            }
        }

        return ibanStart;
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
            case PiiFollow.SecondColon:
                return ahead.Length > 1 && ahead[1..Math.Min(6, ahead.Length)].Contains(':');
            case PiiFollow.NewLine:
                return ahead.Contains('\n');
            case PiiFollow.Mark:
                var line = ahead.IndexOf('\n') is var nl and >= 0 ? ahead[..nl] : ahead;
                return line.IndexOfAny(':', '=') >= 0;
            default:
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

    private static bool IsSeparator(char c) => c is ' ' or '-' or '.' or '(' or ')' or '/' or '+';
}

/// <summary>A run of digits and separators, widened to its token, with what its shape allows.</summary>
internal readonly record struct PiiDigitCluster(int Start, int End, int Digits, int MaxRun, int Dots, bool Plus, int Dashes, int Spaces, int Separators)
{
    // Every match lies within one cluster's digits and separators, so these counts are necessary conditions: a cluster
    // failing them (a timestamp for a spaced SSN, a bare run for a US phone) skips that regex run.
    public bool Fits(PiiShape shape) => shape switch
    {
        PiiShape.Phone => Digits >= 10 && Separators >= 2,
        PiiShape.SsnDashed => Digits >= 9 && Dashes >= 2,
        PiiShape.SsnSpaced => Digits >= 9 && Spaces >= 2,
        PiiShape.Plus => Plus && Digits >= 7,
        PiiShape.Run => MaxRun >= 8,
        PiiShape.Card => Digits >= 13,
        PiiShape.Ssn => Digits >= 9,
        PiiShape.Dotted => Dots >= 3,
        _ => true,
    };
}
