using System.Text.RegularExpressions;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>
/// The seed's quality filter, kept simple and explainable: a score in [0, 1] that is low for low-information
/// chunks (few word characters, mostly punctuation, repetitive) and for short boilerplate (footers, cookie notes).
/// </summary>
public static partial class ChunkQualityScorer
{
    /// <summary>Below this many letters and digits a chunk carries too little to ground an answer.</summary>
    public const int MinWordCharacters = 20;

    public static double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int wordChars = 0, visible = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                wordChars++;
            }

            if (!char.IsWhiteSpace(c))
            {
                visible++;
            }
        }

        if (wordChars < MinWordCharacters)
        {
            return 0.1;
        }

        // Long chunks carry more; 300 letters and digits is a solid paragraph.
        var score = 0.4 + (0.6 * Math.Min(1.0, wordChars / 300.0));

        var alphanumericRatio = (double)wordChars / visible;
        if (alphanumericRatio < 0.6)
        {
            score *= alphanumericRatio;
        }

        var words = Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (words.Count >= 10)
        {
            var distinctRatio = (double)words.Distinct().Count() / words.Count;
            if (distinctRatio < 0.3)
            {
                score *= distinctRatio / 0.3;
            }
        }

        if (wordChars < 300 && Boilerplate().IsMatch(text))
        {
            score = Math.Min(score, 0.15);
        }

        return Math.Round(Math.Clamp(score, 0.0, 1.0), 3);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"all rights reserved|copyright\s|©|\bcookies?\b.*\b(?:accept|consent|policy)\b|click here|unsubscribe|table of contents|\bpage \d+ of \d+\b|back to top|skip to (?:main )?content|terms of (?:use|service)\s*\|", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Boilerplate();
}
