using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AiNative.Platform.DataPlane.Ingestion.Formats;

/// <summary>
/// HTML to Markdown-shaped text for ingestion: navigation, headers, footers, sidebars, scripts, forms and cookie
/// banners are dropped; the main content (<c>main</c>, else <c>article</c>, else <c>body</c>) keeps its headings as
/// <c>#</c> lines so the Markdown-aware chunker can follow its sections.
/// </summary>
public static partial class HtmlTextExtractor
{
    private const string AlwaysBoilerplate =
        "script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, select, input, textarea, nav, aside, " +
        "[role=navigation], [role=complementary], [role=search], [aria-hidden=true], [hidden]";

    private const string PageChrome = "header, footer, [role=banner], [role=contentinfo]";

    /// <summary>The document's text and its <c>&lt;title&gt;</c> (null when absent).</summary>
    public static (string Text, string? Title) Extract(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var parser = new HtmlParser();
        using var document = parser.ParseDocument(html);
        var title = string.IsNullOrWhiteSpace(document.Title) ? null : Whitespace().Replace(document.Title, " ").Trim();
        var root = document.QuerySelector("main") ?? document.QuerySelector("[role=main]") ?? document.QuerySelector("article") ?? document.Body;
        if (root is null)
        {
            return ("", title);
        }

        Remove(root.QuerySelectorAll(AlwaysBoilerplate));
        // A page's own header and footer are chrome; inside main or article they usually hold the title and byline.
        if (root == document.Body)
        {
            Remove(root.QuerySelectorAll(PageChrome));
        }

        Remove(root.QuerySelectorAll("[class], [id]").Where(e => BoilerplateName().IsMatch(e.ClassName + " " + e.Id)));

        var writer = new BlockWriter();
        writer.Walk(root);
        return (writer.ToString(), title);
    }

    private static void Remove(IEnumerable<IElement> elements)
    {
        foreach (var element in elements.ToList())
        {
            element.Remove();
        }
    }

    // Class and id names that mark page furniture rather than content.
    [GeneratedRegex(@"(^|[\s_-])(cookie|consent|gdpr|banner|breadcrumbs?|sidebar|navbar|nav|menu|footer|site-header|advert|ads?|promo|social|share|newsletter|subscribe|popup|modal|related)([\s_-]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex BoilerplateName();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Whitespace();

    /// <summary>Collects inline text into blocks; a block element ends the current block.</summary>
    private sealed class BlockWriter
    {
        private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
        {
            "p", "div", "section", "article", "main", "header", "footer", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
            "tr", "blockquote", "figure", "figcaption", "address", "details", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        };

        private const char LineBreak = '\u2028';

        private readonly List<string> blocks = [];
        private readonly StringBuilder current = new();
        private string prefix = "";

        public void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText text:
                        // Source line breaks are plain whitespace in HTML; only <br> breaks a line.
                        current.Append(Whitespace().Replace(text.Data, " "));
                        break;
                    case IElement { LocalName: "br" }:
                        current.Append(LineBreak);
                        break;
                    case IElement { LocalName: "pre" } pre:
                        Flush();
                        blocks.Add("```\n" + pre.TextContent.Trim('\n') + "\n```");
                        break;
                    case IElement { LocalName: "td" or "th" } cell:
                        Walk(cell);
                        current.Append(" | ");
                        break;
                    case IElement element when Blocks.Contains(element.LocalName):
                        Flush();
                        prefix = element.LocalName switch
                        {
                            ['h', var level and >= '1' and <= '6'] => new string('#', level - '0') + " ",
                            "li" => "- ",
                            "blockquote" => "> ",
                            _ => "",
                        };
                        Walk(element);
                        Flush();
                        break;
                    case IElement element:
                        Walk(element);
                        break;
                }
            }
        }

        public override string ToString()
        {
            Flush();
            return string.Join("\n\n", blocks);
        }

        private void Flush()
        {
            var lines = current.ToString().Split(LineBreak)
                .Select(l => Whitespace().Replace(l, " ").Trim().TrimEnd('|').TrimEnd())
                .Where(l => l.Length > 0);
            var text = string.Join("\n", lines);
            current.Clear();
            if (text.Length > 0)
            {
                blocks.Add(prefix + text);
            }

            prefix = "";
        }
    }
}
