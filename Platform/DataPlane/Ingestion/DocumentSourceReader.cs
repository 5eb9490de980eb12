using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AiNative.Platform.DataPlane.Ingestion.Formats;
using AiNative.Platform.Storage;
using Azure;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>
/// The fetch/parse step: reads a document from inline content, a URL or a blob, within the size limit, and turns HTML
/// and PDF into text. What comes out is text (<c>text/plain</c>) or Markdown-shaped text (<c>text/markdown</c>).
/// </summary>
public sealed class DocumentSourceReader(IHttpClientFactory httpClients, StorageAccount storage, IOptions<IngestionOptions> options)
{
    /// <summary>The named <see cref="HttpClient"/> used for URL inputs (registered by <c>AddDataPlane</c>).</summary>
    public const string HttpClientName = "ainative-ingest-fetch";

    public const string PlainText = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Pdf = "application/pdf";

    /// <summary>Extracted text, the content type it now has, and a title found in the document (HTML title, PDF info).</summary>
    public sealed record Extracted(string Text, string ContentType, string? Title);

    /// <summary>Reads the message's single non-staged source; <paramref name="message"/> has exactly one of Content, Url, Blob.</summary>
    public async Task<Extracted> ReadAsync(IngestMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var declared = message.ContentType is null ? null : NormalizeContentType(message.ContentType, nameof(IngestMessage.ContentType));
        if (!string.IsNullOrEmpty(message.Content))
        {
            return FromInline(message.Content, declared ?? PlainText, message.ContentEncoding);
        }

        var (bytes, reported) = !string.IsNullOrWhiteSpace(message.Url)
            ? await FetchAsync(message.Url, cancellationToken).ConfigureAwait(false)
            : await ReadBlobAsync(message.Blob!, cancellationToken).ConfigureAwait(false);
        var field = message.Url is not null ? nameof(IngestMessage.Url) : nameof(IngestMessage.Blob);
        var contentType = declared ?? (reported is null ? PlainText : NormalizeContentType(reported, field));
        return Parse(bytes, contentType);
    }

    /// <summary>The canonical media type, or a validation error naming <paramref name="field"/>.</summary>
    public static string NormalizeContentType(string contentType, string field)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "" or PlainText => PlainText,
            Markdown or "text/x-markdown" => Markdown,
            Html or "application/xhtml+xml" => Html,
            Pdf => Pdf,
            _ => throw new IngestValidationException(field,
                $"ContentType '{mediaType}' is not supported; use '{PlainText}', '{Markdown}', '{Html}' or '{Pdf}'."),
        };
    }

    private static Extracted FromInline(string content, string contentType, string? encoding)
    {
        var base64 = encoding?.Trim().ToLowerInvariant() switch
        {
            null or "" => false,
            "base64" => true,
            var other => throw new IngestValidationException(nameof(IngestMessage.ContentEncoding), $"ContentEncoding '{other}' is not supported; use 'base64' or leave it out."),
        };
        if (contentType == Pdf && !base64)
        {
            throw new IngestValidationException(nameof(IngestMessage.ContentEncoding), "A PDF sent inline must be Base64 with ContentEncoding 'base64'.");
        }

        if (!base64)
        {
            return Parse(content, contentType);
        }

        try
        {
            return Parse(Convert.FromBase64String(content), contentType);
        }
        catch (FormatException)
        {
            throw new IngestValidationException(nameof(IngestMessage.Content), "Content is not valid Base64.");
        }
    }

    private static Extracted Parse(byte[] bytes, string contentType) =>
        contentType == Pdf ? FromPdf(bytes) : Parse(Encoding.UTF8.GetString(bytes), contentType);

    private static Extracted Parse(string text, string contentType)
    {
        if (contentType != Html)
        {
            return new Extracted(text, contentType == Pdf ? PlainText : contentType, null);
        }

        var (extracted, title) = HtmlTextExtractor.Extract(text);
        return new Extracted(extracted, Markdown, title);
    }

    private static Extracted FromPdf(byte[] bytes)
    {
        var (text, title) = PdfTextExtractor.Extract(bytes);
        return new Extracted(text, PlainText, title);
    }

    private async Task<(byte[] Bytes, string? ContentType)> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new IngestValidationException(nameof(IngestMessage.Url), "Url must be an absolute http or https URL.");
        }

        var settings = options.Value;
        var client = httpClients.CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.FetchTimeout);
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new IngestValidationException(nameof(IngestMessage.Url),
                    string.Create(CultureInfo.InvariantCulture, $"Fetching the URL answered {(int)response.StatusCode} {response.ReasonPhrase}."));
            }

            if (response.Content.Headers.ContentLength > settings.MaxDocumentBytes)
            {
                throw TooLarge(nameof(IngestMessage.Url), response.Content.Headers.ContentLength.Value, settings.MaxDocumentBytes);
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // The length header may be absent or wrong: the limit is enforced on what actually arrives.
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > settings.MaxDocumentBytes)
                    {
                        throw TooLarge(nameof(IngestMessage.Url), buffer.Length + read, settings.MaxDocumentBytes, atLeast: true);
                    }

                    buffer.Write(chunk, 0, read);
                }

                return (buffer.ToArray(), response.Content.Headers.ContentType?.MediaType);
            }
        }
        catch (HttpRequestException e)
        {
            throw new IngestValidationException(nameof(IngestMessage.Url), $"The URL could not be fetched: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IngestValidationException(nameof(IngestMessage.Url), $"Fetching the URL took longer than {settings.FetchTimeout} (Ingestion:FetchTimeout).");
        }
    }

    private async Task<(byte[] Bytes, string? ContentType)> ReadBlobAsync(string reference, CancellationToken cancellationToken)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == reference.Length - 1)
        {
            throw new IngestValidationException(nameof(IngestMessage.Blob), "Blob must be 'container/path' in the platform's storage account.");
        }

        var container = await storage.ContainerAsync(reference[..slash], cancellationToken).ConfigureAwait(false);
        var blob = container.GetBlobClient(reference[(slash + 1)..]);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (properties.ContentLength > options.Value.MaxDocumentBytes)
            {
                throw TooLarge(nameof(IngestMessage.Blob), properties.ContentLength, options.Value.MaxDocumentBytes);
            }

            var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
            return (content.ToArray(), properties.ContentType is { Length: > 0 } type && type != "application/octet-stream" ? type : null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new IngestValidationException(nameof(IngestMessage.Blob), $"Blob '{reference}' does not exist.");
        }
    }

    private static IngestValidationException TooLarge(string field, long bytes, long limit, bool atLeast = false) =>
        new(field, string.Create(CultureInfo.InvariantCulture,
            $"The document is {(atLeast ? "more than " : "")}{(atLeast ? limit : bytes)} bytes; the limit is {limit} bytes (Ingestion:MaxDocumentBytes)."));

    /// <summary>
    /// The connect step of the fetch client: refuses loopback, private, link-local and unspecified addresses unless
    /// <see cref="IngestionOptions.AllowPrivateNetworkUrls"/> is set. Checked on the address actually connected to,
    /// so neither DNS tricks nor redirects get around it.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"'{context.DnsEndPoint.Host}' resolves only to private or local addresses (Ingestion:AllowPrivateNetworkUrls is off).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an address is on the public internet (not loopback, private, link-local, CGNAT, unique-local or unspecified).</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }
}
