using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Injection;

/// <summary>
/// Finds text a human reader would not see but a model reads: HTML comments, elements styled invisible
/// (display:none, visibility:hidden, zero size or opacity, white text), <c>hidden</c> elements and Markdown comments.
/// </summary>
internal static partial class HiddenContent
{
    /// <summary>The hidden parts, and the text with them removed (what a person sees).</summary>
    public static (List<string> Hidden, string Visible) Split(string text)
    {
        var hidden = new List<string>();
        if (text.IndexOf('<', StringComparison.Ordinal) < 0 && !text.Contains("[//]", StringComparison.Ordinal) && !text.Contains("[comment]", StringComparison.OrdinalIgnoreCase))
        {
            return (hidden, text);
        }

        string Take(Match m)
        {
            var body = m.Groups["body"].Value;
            if (!string.IsNullOrWhiteSpace(body))
            {
                hidden.Add(TagRegex().Replace(body, " "));
            }

            return " ";
        }

        try
        {
            var visible = CommentRegex().Replace(text, Take);
            visible = HiddenElementRegex().Replace(visible, Take);
            visible = MarkdownCommentRegex().Replace(visible, Take);
            return (hidden, visible);
        }
        catch (RegexMatchTimeoutException)
        {
            // Pathological markup: scan it whole rather than not at all.
            return ([], text);
        }
    }

    [GeneratedRegex(@"<!--(?<body>.*?)-->", RegexOptions.Singleline, 200)]
    private static partial Regex CommentRegex();

    [GeneratedRegex(
        @"<(?<tag>[a-z][a-z0-9]*)\b(?=[^>]*(?:\bhidden\b|aria-hidden\s*=\s*[""']?true|style\s*=\s*[""'][^""']*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.\d+)?(?:px|pt|em|rem)?\s*(?:;|[""'])|opacity\s*:\s*0(?:\.0+)?\s*(?:;|[""'])|(?<![-\w])color\s*:\s*(?:#fff(?:fff)?\b|white\b|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))|height\s*:\s*0(?:px)?\s*;[^""']*overflow\s*:\s*hidden)))[^>]*>(?<body>.*?)</\k<tag>\s*>",
        RegexOptions.IgnoreCase | RegexOptions.Singleline, 200)]
    private static partial Regex HiddenElementRegex();

    [GeneratedRegex(@"^\s*\[(?://|comment)\]:\s*(?:#|<>)\s*[(""'](?<body>.*?)[)""']\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline, 200)]
    private static partial Regex MarkdownCommentRegex();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex TagRegex();
}
