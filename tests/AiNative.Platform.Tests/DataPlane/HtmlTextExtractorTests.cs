using AiNative.Platform.DataPlane.Ingestion.Formats;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class HtmlTextExtractorTests
{
    private const string Page = """
        <!doctype html>
        <html><head><title>Refunds | Contoso Help</title><style>body { color: red }</style>
        <script>var tracking = "ignore me";</script></head>
        <body>
          <header><a href="/">Contoso</a> <nav><a href="/pricing">Pricing</a> <a href="/login">Log in</a></nav></header>
          <div class="cookie-banner">We use cookies. Accept all cookies?</div>
          <div id="main-content">
            <h1>Refunds for outages</h1>
            <p>Customers get a   credit of <b>10%</b>
               of the monthly fee per hour of downtime.</p>
            <h2>How to ask</h2>
            <ul><li>Open a ticket</li><li>Quote the incident number</li></ul>
            <table><tr><th>Plan</th><th>Cap</th></tr><tr><td>Business</td><td>$500</td></tr></table>
          </div>
          <aside class="sidebar">Related: Gift cards</aside>
          <footer>© 2026 Contoso · Privacy · Terms</footer>
        </body></html>
        """;

    [Fact]
    public void Keeps_headings_paragraphs_lists_and_tables_when_extracting_content()
    {
        var (text, title) = HtmlTextExtractor.Extract(Page);

        Assert.Equal("Refunds | Contoso Help", title);
        Assert.Contains("# Refunds for outages", text, StringComparison.Ordinal);
        Assert.Contains("Customers get a credit of 10% of the monthly fee per hour of downtime.", text, StringComparison.Ordinal);
        Assert.Contains("## How to ask", text, StringComparison.Ordinal);
        Assert.Contains("- Open a ticket", text, StringComparison.Ordinal);
        Assert.Contains("- Quote the incident number", text, StringComparison.Ordinal);
        Assert.Contains("Business | $500", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pricing")]
    [InlineData("Log in")]
    [InlineData("cookies")]
    [InlineData("Gift cards")]
    [InlineData("Privacy")]
    [InlineData("tracking")]
    [InlineData("color")]
    public void Drops_boilerplate_when_extracting_content(string boilerplate)
    {
        var (text, _) = HtmlTextExtractor.Extract(Page);

        Assert.DoesNotContain(boilerplate, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_only_main_and_keeps_its_header_when_the_page_marks_main_content()
    {
        var html = "<body><div>Site menu text</div><main><header><h1>Late fees</h1></header><p>Waived once a year.</p></main><div>Other stuff</div></body>";

        var (text, _) = HtmlTextExtractor.Extract(html);

        Assert.Equal("# Late fees\n\nWaived once a year.", text);
    }
}
