namespace AiNative.Platform.Governance.Pii;

/// <summary>The character tests the hand-written ASCII twins of the PII regexes share.</summary>
internal static class PiiAsciiText
{
    /// <summary>The end of the run of ASCII digits that starts at <paramref name="i"/> (<paramref name="i"/> itself when none does).</summary>
    public static int DigitRunEnd(ReadOnlySpan<char> window, int i)
    {
        while (i < window.Length && char.IsAsciiDigit(window[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>The regex class <c>\w</c> on ASCII text: a letter, a digit or '_'.</summary>
    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
