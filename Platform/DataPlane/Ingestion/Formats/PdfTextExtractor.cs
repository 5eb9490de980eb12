using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace AiNative.Platform.DataPlane.Ingestion.Formats;

/// <summary>PDF to plain text with PdfPig, page by page in reading order; pages are separated by a blank line.</summary>
public static class PdfTextExtractor
{
    /// <summary>The text of every page, and the document's title from its information dictionary (null when absent).</summary>
    /// <exception cref="IngestValidationException">The bytes are not a readable PDF.</exception>
    public static (string Text, string? Title) Extract(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        try
        {
            using var document = PdfDocument.Open(pdf);
            var pages = document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p).Trim()).Where(t => t.Length > 0);
            var title = string.IsNullOrWhiteSpace(document.Information.Title) ? null : document.Information.Title.Trim();
            return (string.Join("\n\n", pages), title);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // PdfPig throws a variety of types for damaged files; all mean the same to the sender.
            throw new IngestValidationException(nameof(IngestMessage.Content), $"The content is not a readable PDF: {e.Message}");
        }
    }
}
