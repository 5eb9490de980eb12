using System.Globalization;
using System.Text;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// The token rules of SQLite FTS5's <c>porter unicode61 remove_diacritics 2</c> tokenizer, in managed code: runs of letters,
/// digits and combining marks, lower-cased, diacritics removed, Porter-stemmed. The in-memory BM25 index uses it for both
/// chunks and queries, so it finds what the FTS5 index found.
/// </summary>
internal static class Bm25Tokenizer
{
    /// <summary>Calls <paramref name="token"/> for every token of <paramref name="text"/>, in order.</summary>
    public static void Tokenize(string? text, Action<string> token)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var builder = new StringBuilder();
        var ascii = true;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (i < text.Length && IsTokenChar(c, text, i))
            {
                if (c < 128)
                {
                    builder.Append(c is >= 'A' and <= 'Z' ? (char)(c + 32) : c);
                }
                else
                {
                    ascii = false;
                    builder.Append(c);
                }

                continue;
            }

            if (builder.Length > 0)
            {
                var word = builder.ToString();
                token(PorterStemmer.Stem(ascii ? word : Fold(word)));
                builder.Clear();
                ascii = true;
            }
        }
    }

    /// <summary>The tokens of <paramref name="text"/> as a list.</summary>
    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        Tokenize(text, tokens.Add);
        return tokens;
    }

    private static bool IsTokenChar(char c, string text, int i)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            return true;
        }

        if (c < 128)
        {
            return false;
        }

        var category = char.IsSurrogate(c) ? CharUnicodeInfo.GetUnicodeCategory(text, i) : CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>Lower case without diacritics ("Café" → "cafe"), as remove_diacritics does.</summary>
    private static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
