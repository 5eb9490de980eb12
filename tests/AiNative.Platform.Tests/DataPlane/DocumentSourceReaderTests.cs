using System.Net;
using System.Text;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Testing;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>The fetch/parse step against a real loopback HTTP server, real Azurite blobs and real PDFs.</summary>
public sealed class DocumentSourceReaderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly LoopbackServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Extracts_markdown_and_title_when_the_url_serves_html()
    {
        server.Serve("/page", "text/html; charset=utf-8", Encoding.UTF8.GetBytes("<html><head><title>Late fees</title></head><body><nav>Home</nav><h1>Late fees</h1><p>Waived once a year.</p></body></html>"));

        var extracted = await Reader().ReadAsync(new IngestMessage { Url = server.Url("/page") });

        Assert.Equal(("# Late fees\n\nWaived once a year.", "text/markdown", "Late fees"), (extracted.Text, extracted.ContentType, extracted.Title));
    }

    [Fact]
    public async Task Extracts_text_when_the_url_serves_a_pdf()
    {
        server.Serve("/doc.pdf", "application/pdf", Pdf("Chargebacks are answered within seven days."));

        var extracted = await Reader().ReadAsync(new IngestMessage { Url = server.Url("/doc.pdf") });

        Assert.Equal("text/plain", extracted.ContentType);
        Assert.Contains("Chargebacks are answered within seven days.", extracted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extracts_text_when_a_pdf_is_sent_inline_as_base64()
    {
        var message = new IngestMessage { Content = Convert.ToBase64String(Pdf("Invoices are issued monthly.")), ContentType = "application/pdf", ContentEncoding = "base64" };

        var extracted = await Reader().ReadAsync(message);

        Assert.Contains("Invoices are issued monthly.", extracted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_the_pdf_when_its_bytes_are_not_a_pdf()
    {
        var message = new IngestMessage { Content = Convert.ToBase64String("not a pdf"u8.ToArray()), ContentType = "application/pdf", ContentEncoding = "base64" };

        var error = await Assert.ThrowsAsync<IngestValidationException>(() => Reader().ReadAsync(message));

        Assert.Equal(nameof(IngestMessage.Content), error.Field);
    }

    [Fact]
    public async Task Reads_the_blob_with_its_content_type_when_given_a_blob_reference()
    {
        var container = await azurite.Account.ContainerAsync("uploads");
        await container.GetBlobClient("kb/fees.html").UploadAsync(BinaryData.FromString("<h2>Fees</h2><p>No fee for ACH.</p>"),
            new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "text/html" } });

        var extracted = await Reader().ReadAsync(new IngestMessage { Blob = "uploads/kb/fees.html" });

        Assert.Equal(("## Fees\n\nNo fee for ACH.", "text/markdown"), (extracted.Text, extracted.ContentType));
    }

    [Fact]
    public async Task Rejects_the_url_when_the_body_exceeds_the_size_limit()
    {
        server.Serve("/big", "text/plain", new byte[5000], chunked: true);

        var error = await Assert.ThrowsAsync<IngestValidationException>(() => Reader(maxBytes: 1000).ReadAsync(new IngestMessage { Url = server.Url("/big") }));

        Assert.Equal(nameof(IngestMessage.Url), error.Field);
        Assert.Contains("limit is 1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/file.txt")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task Rejects_the_url_when_it_is_not_http_or_https(string url)
    {
        var error = await Assert.ThrowsAsync<IngestValidationException>(() => Reader().ReadAsync(new IngestMessage { Url = url }));

        Assert.Equal(nameof(IngestMessage.Url), error.Field);
    }

    [Fact]
    public async Task Refuses_loopback_when_private_network_urls_are_not_allowed()
    {
        server.Serve("/page", "text/plain", "secret"u8.ToArray());

        var error = await Assert.ThrowsAsync<IngestValidationException>(() => Reader(allowPrivate: false).ReadAsync(new IngestMessage { Url = server.Url("/page") }));

        Assert.Contains("private or local", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Reports_the_status_when_the_url_answers_an_error()
    {
        var error = await Assert.ThrowsAsync<IngestValidationException>(() => Reader().ReadAsync(new IngestMessage { Url = server.Url("/missing") }));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    public void Classifies_addresses_when_checking_for_private_networks(string address, bool isPublic)
    {
        Assert.Equal(isPublic, DocumentSourceReader.IsPublic(IPAddress.Parse(address)));
    }

    private DocumentSourceReader Reader(bool allowPrivate = true, long maxBytes = 1_000_000) =>
        new(new LoopbackHttpClientFactory(allowPrivate), azurite.Account, Options.Create(new IngestionOptions { MaxDocumentBytes = maxBytes }));

    private static byte[] Pdf(string line)
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        page.AddText(line, 12, new PdfPoint(40, 700), font);
        return builder.Build();
    }
}
