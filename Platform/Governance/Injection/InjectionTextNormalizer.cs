using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Injection;

/// <summary>One text the detector matches against: the visible text, a hidden part of it, or a decoded payload.</summary>
internal sealed record InjectionView(string Text, string Origin, string? Source = null)
{
    public const string Json = "json";
    public const string Visible = "visible";
    public const string Hidden = "hidden";
    public const string Base64 = "base64";
    public const string UrlEncoded = "url-encoded";
    public const string Squashed = "spaced-letters";
}

/// <summary>
/// Undoes the usual disguises before matching: Unicode compatibility forms (NFKC), zero-width and bidi controls,
/// Cyrillic/Greek look-alikes, accents, leetspeak, letter spacing, HTML entities, and base64 / URL-encoded payloads.
/// </summary>
internal static partial class InjectionTextNormalizer
{
    /// <summary>Longest text examined; beyond it the rest is ignored so a huge input cannot stall the scan.</summary>
    public const int MaxLength = 100_000;

    // Look-alikes that attackers swap in so "ignore" no longer matches; folded to the Latin letter they imitate.
    private static readonly Dictionary<char, char> Homoglyphs = new()
    {
        ['а'] = 'a', ['в'] = 'b', ['е'] = 'e', ['ё'] = 'e', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c',
        ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j', ['ѕ'] = 's', ['ԁ'] = 'd', ['ԛ'] = 'q', ['ԝ'] = 'w',
        ['ɡ'] = 'g', ['ı'] = 'i', ['ʏ'] = 'y', ['ո'] = 'n', ['ս'] = 'u',
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['η'] = 'n', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p', ['τ'] = 't',
        ['υ'] = 'u', ['χ'] = 'x', ['γ'] = 'y', ['ѵ'] = 'v', ['ɩ'] = 'i', ['ℓ'] = 'l',
    };

    private static readonly Dictionary<char, char> Leet = new()
    {
        ['0'] = 'o', ['1'] = 'i', ['3'] = 'e', ['4'] = 'a', ['5'] = 's', ['7'] = 't', ['@'] = 'a', ['$'] = 's',
    };

    // Attack words where a leet '1' is an l (the default reading is i).
    private static readonly HashSet<string> LeetLWords = new(StringComparer.Ordinal)
    {
        "rules", "rule", "all", "policy", "policies", "filters", "filter", "limits", "unlimited", "guidelines", "reveal", "tell",
        "developer", "model", "roleplay", "leak", "please", "only", "full", "mode", "evil", "jailbreak", "unfiltered", "illegal", "follow",
    };

    /// <summary>The views of <paramref name="text"/> to scan, the visible one first; <paramref name="disguised"/> says a disguise was undone.</summary>
    public static List<InjectionView> Views(string text, out bool disguised)
    {
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }

        var views = new List<InjectionView>();
        var (hidden, visible) = HiddenContent.Split(text);
        var folded = Fold(visible, out disguised);
        views.Add(new InjectionView(folded, InjectionView.Visible, visible));
        if (SpacedLettersRegex().IsMatch(visible))
        {
            // "I g n o r a  t o d a s" joins neighbouring words; without spaces the phrase is still recognisable.
            views.Add(new InjectionView(SquashRegex().Replace(folded, ""), InjectionView.Squashed));
        }
        foreach (var part in hidden)
        {
            views.Add(new InjectionView(Fold(part, out _).Trim(), InjectionView.Hidden, part));
        }

        // Tool outputs are often JSON: its string values, unescaped ("\u003c", "\n"), are scanned one per line so an
        // instruction in a "description" field reads as the sentence it is, and payloads inside values are decoded.
        var values = JsonStrings.Values(text);
        if (values.Count > 0)
        {
            var joined = string.Join('\n', values);
            views.Add(new InjectionView(Fold(joined, out _), InjectionView.Json, joined));
        }

        foreach (var source in values.Prepend(text))
        {
            foreach (var decoded in DecodeBase64(source))
            {
                views.Add(new InjectionView(Fold(decoded, out _), InjectionView.Base64, decoded));
            }

            if (PercentRegex().Count(source) >= 3)
            {
                try
                {
                    var unescaped = Uri.UnescapeDataString(source.Replace('+', ' '));
                    views.Add(new InjectionView(Fold(unescaped, out _), InjectionView.UrlEncoded, unescaped));
                }
                catch (UriFormatException)
                {
                    // Not decodable: the visible view stands.
                }
            }
        }

        return views;
    }

    /// <summary>
    /// Text for the semantic layer: entities decoded, NFKC, invisible characters dropped, look-alikes folded, single
    /// spaces; case, accents, digits and '@' kept (undoing leetspeak would turn "a@b.example" into words).
    /// </summary>
    public static string Clean(string text)
    {
        var decoded = text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;
        var nfkc = decoded.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            if (!IsInvisible(c))
            {
                builder.Append(Homoglyphs.TryGetValue(char.ToLowerInvariant(c), out var latin) ? latin : c);
            }
        }

        return NewlineRegex().Replace(WhitespaceRegex().Replace(builder.ToString(), " "), "\n");
    }

    /// <summary>Lower-case, accent-free, disguise-free text with single spaces (the form patterns are written against).</summary>
    public static string Fold(string text, out bool disguised)
    {
        disguised = false;
        var decoded = text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;
        var nfkc = decoded.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            if (IsInvisible(c))
            {
                disguised = true;
                continue;
            }

            if (Homoglyphs.TryGetValue(char.ToLowerInvariant(c), out var latin))
            {
                disguised |= c < 'Ͱ' || c > 'ӿ' || IsMixedScript(nfkc);
                builder.Append(latin);
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        // Accents go so one pattern covers "précédentes" and "precedentes"; ß and æ keep their meaning.
        var stripped = builder.ToString().Normalize(NormalizationForm.FormD);
        builder.Clear();
        foreach (var c in stripped)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        var plain = builder.ToString();
        var unspaced = SpacedLettersRegex().Replace(plain, m =>
        {
            return SeparatorRegex().Replace(m.Value, "");
        });
        if (!ReferenceEquals(unspaced, plain) && unspaced != plain)
        {
            // Once a text spaces out its letters, short words ("y o u r") are spaced too: join runs of three letters or more.
            unspaced = ShortSpacedLettersRegex().Replace(unspaced, m => SeparatorRegex().Replace(m.Value, ""));
        }

        var unleeted = LeetWordRegex().Replace(unspaced, m =>
        {
            var word = string.Concat(m.Value.Select(c => Leet.TryGetValue(c, out var l) ? l : c));
            if (!m.Value.Contains('1', StringComparison.Ordinal))
            {
                return word;
            }

            // '1' stands for i or l: "ru13s" is "rules", "pr3v10u5" is "previous"; prefer l when it makes a known word.
            var withL = string.Concat(m.Value.Select(c => c == '1' ? 'l' : Leet.TryGetValue(c, out var l) ? l : c));
            return LeetLWords.Contains(withL) ? withL : word;
        });
        // Letter spacing and leetspeak are undone but not counted as a disguise: ids and codes look like them.
        return NewlineRegex().Replace(WhitespaceRegex().Replace(unleeted, " "), "\n");
    }

    private static bool IsInvisible(char c) => c switch
    {
        '\u00AD' or '\u034F' or '\u061C' or '\u180E' or '\uFEFF' => true,
        >= '\u200B' and <= '\u200F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2060' and <= '\u2069' => true,
        >= '\uFE00' and <= '\uFE0F' => true,
        _ => false,
    };

    // A Cyrillic or Greek letter counts as a disguise only when the text is mostly Latin.
    private static bool IsMixedScript(string text)
    {
        var latin = 0;
        var other = 0;
        foreach (var c in text)
        {
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
            {
                latin++;
            }
            else if (c is >= 'Ͱ' and <= 'ӿ')
            {
                other++;
            }
        }

        return latin > other;
    }

    private static IEnumerable<string> DecodeBase64(string text)
    {
        foreach (Match match in Base64Regex().Matches(text))
        {
            var value = match.Value;
            var padded = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
            var bytes = new byte[padded.Length];
            if (!Convert.TryFromBase64String(padded, bytes, out var written))
            {
                continue;
            }

            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(bytes, 0, written);
            }
            catch (DecoderFallbackException)
            {
                continue;
            }

            // Only text that reads as words is a payload: random ids and hashes decode to binary noise.
            var letters = decoded.Count(c => char.IsLetter(c) || c == ' ');
            if (decoded.Length >= 8 && letters >= decoded.Length * 0.8 && decoded.Contains(' ', StringComparison.Ordinal))
            {
                yield return decoded;
            }
        }
    }

    [GeneratedRegex(@"%[0-9A-Fa-f]{2}")]
    private static partial Regex PercentRegex();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")]
    private static partial Regex Base64Regex();

    // "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e": five or more single letters joined by one separator.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:\p{L}[ .\-_*]){4,}\p{L}(?![\p{L}\p{N}])")]
    private static partial Regex SpacedLettersRegex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:\p{L}[ .\-_*]){2,}\p{L}(?![\p{L}\p{N}])")]
    private static partial Regex ShortSpacedLettersRegex();

    [GeneratedRegex(@"[^\p{L}']+")]
    private static partial Regex SquashRegex();

    [GeneratedRegex(@"[ .\-_*]")]
    private static partial Regex SeparatorRegex();

    // Words mixing letters with look-alike digits or symbols ("1gn0re", "pr3v10us"); plain numbers are left alone.
    [GeneratedRegex(@"(?<![\p{L}\p{N}@$])(?=[\p{L}0-9@$]*\p{L})(?=[\p{L}0-9@$]*[0-9@$])[\p{L}0-9][\p{L}0-9@$]{2,}(?![\p{L}\p{N}])")]
    private static partial Regex LeetWordRegex();

    [GeneratedRegex(@"[^\S\n]+")]
    private static partial Regex WhitespaceRegex();

    // Line starts matter to role-header patterns, so newlines survive as single newlines.
    [GeneratedRegex(@" ?\n[\s]*")]
    private static partial Regex NewlineRegex();
}
