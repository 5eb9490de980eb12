using System.Globalization;
using System.Text.RegularExpressions;

namespace AiNative.Platform.DataPlane.Chunking;

/// <summary>How <see cref="TextChunker"/> cuts text.</summary>
public enum ChunkingStrategy
{
    /// <summary>Markdown sections, then paragraphs, lines, sentences, words; packed up to the size with a word-aligned overlap.</summary>
    Recursive,

    /// <summary>Fixed-size windows of whole words with a word-aligned overlap, ignoring document structure.</summary>
    FixedSize,
}

/// <summary>
/// Splits text into chunks of at most <see cref="ChunkSize"/> characters that overlap by up to <see cref="Overlap"/>
/// characters, never cutting inside a word (only a single word longer than the chunk size is cut).
/// Chunks are slices of the source, so offsets map back to the document.
/// </summary>
public sealed partial class TextChunker
{
    private readonly Func<string, int, int, IEnumerable<int>>[] levels;

    public TextChunker(ChunkingStrategy strategy = ChunkingStrategy.Recursive, int chunkSize = 1000, int overlap = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 20);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, chunkSize / 2);
        Strategy = strategy;
        ChunkSize = chunkSize;
        Overlap = overlap;
        levels = strategy == ChunkingStrategy.Recursive
            ? [Boundaries(Paragraph()), Boundaries(Line()), Boundaries(Sentence()), Boundaries(Whitespace())]
            : [Boundaries(Whitespace())];
    }

    public ChunkingStrategy Strategy { get; }

    public int ChunkSize { get; }

    public int Overlap { get; }

    /// <summary>Lineage id recorded on every stored chunk, e.g. <c>recursive/1000/100</c>.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture,
        $"{(Strategy == ChunkingStrategy.Recursive ? "recursive" : "fixed")}/{ChunkSize}/{Overlap}");

    /// <summary>Chunks <paramref name="text"/>; with <paramref name="markdown"/>, headings start sections that stay together with their body.</summary>
    public IReadOnlyList<TextChunk> Chunk(string text, bool markdown = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var headings = markdown && Strategy == ChunkingStrategy.Recursive ? FindHeadings(text) : [];
        var pieces = new List<Piece>();
        var sectionStarts = new List<int> { 0 };
        sectionStarts.AddRange(headings.Select(h => h.Start).Where(s => s > 0));
        sectionStarts.Add(text.Length);
        for (var s = 0; s < sectionStarts.Count - 1; s++)
        {
            var first = pieces.Count;
            Split(text, sectionStarts[s], sectionStarts[s + 1], 0, pieces);
            // Every section boundary after the first is a heading; the first is one only when the text opens with a heading.
            if (pieces.Count > first && (s > 0 || (headings.Count > 0 && headings[0].Start == 0)))
            {
                pieces[first] = pieces[first] with { StartsSection = true };
            }
        }

        return Pack(text, pieces, headings);
    }

    private List<TextChunk> Pack(string text, List<Piece> pieces, List<Heading> headings)
    {
        var chunks = new List<TextChunk>();
        var sections = new SectionTrail(headings);
        var previousStart = -1;
        var i = 0;
        while (i < pieces.Count)
        {
            var pieceStart = pieces[i].Start;
            var start = pieceStart;
            if (previousStart >= 0 && Overlap > 0 && !pieces[i].StartsSection)
            {
                start = OverlapStart(text, pieceStart, previousStart, headings);
            }

            if (pieces[i].End - start > ChunkSize)
            {
                start = pieceStart;
            }

            var end = pieces[i].End;
            var j = i + 1;
            while (j < pieces.Count && pieces[j].End - start <= ChunkSize)
            {
                // A heading only joins this chunk together with what follows it, never as the chunk's last line.
                if (pieces[j].StartsSection && j + 1 < pieces.Count && !pieces[j + 1].StartsSection && pieces[j + 1].End - start > ChunkSize)
                {
                    break;
                }

                end = pieces[j].End;
                j++;
            }

            var (s, e) = Trim(text, start, end);
            if (e > s)
            {
                chunks.Add(new TextChunk(chunks.Count, text[s..e], s, e, sections.At(s)));
                previousStart = s;
            }

            i = j;
        }

        return chunks;
    }

    /// <summary>The first word start at most <see cref="Overlap"/> characters before <paramref name="pieceStart"/>, within the same section.</summary>
    private int OverlapStart(string text, int pieceStart, int previousStart, List<Heading> headings)
    {
        var floor = Math.Max(previousStart + 1, pieceStart - Overlap);
        // The last heading before the piece: overlap may start at it, never before it.
        var last = headings.BinarySearch(new Heading(pieceStart, 0, ""), HeadingByStart.Instance);
        last = (last >= 0 ? last : ~last) - 1;
        if (last >= 0 && headings[last].Start > floor)
        {
            floor = headings[last].Start;
        }

        for (var p = floor; p < pieceStart; p++)
        {
            if (!char.IsWhiteSpace(text[p]) && (p == 0 || char.IsWhiteSpace(text[p - 1])))
            {
                return p;
            }
        }

        return pieceStart;
    }

    private void Split(string text, int start, int end, int level, List<Piece> pieces)
    {
        if (end - start <= ChunkSize)
        {
            pieces.Add(new Piece(start, end, false));
            return;
        }

        if (level == levels.Length)
        {
            // One "word" longer than a chunk (a URL, a base64 blob): the only place a cut inside a word is allowed.
            for (var p = start; p < end; p += ChunkSize)
            {
                pieces.Add(new Piece(p, Math.Min(end, p + ChunkSize), false));
            }

            return;
        }

        var from = start;
        foreach (var boundary in levels[level](text, start, end))
        {
            Split(text, from, boundary, level + 1, pieces);
            from = boundary;
        }

        Split(text, from, end, level + 1, pieces);
    }

    private static Func<string, int, int, IEnumerable<int>> Boundaries(Regex separator) => (text, start, end) =>
        separator.Matches(text[start..end])
            .Select(m => start + m.Index + m.Length)
            .Where(b => b > start && b < end);

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    private static List<Heading> FindHeadings(string text) =>
        [.. MarkdownHeading().Matches(text).Select(m => new Heading(m.Index, m.Groups["hashes"].Length, m.Groups["title"].Value.Trim()))];

    /// <summary>The heading trail at increasing positions, advanced incrementally (chunk starts only move forward).</summary>
    private sealed class SectionTrail(List<Heading> headings)
    {
        private readonly List<Heading> trail = [];
        private int next;
        private string? current;

        public string? At(int position)
        {
            var changed = false;
            while (next < headings.Count && headings[next].Start <= position)
            {
                var heading = headings[next++];
                trail.RemoveAll(h => h.Level >= heading.Level);
                trail.Add(heading);
                changed = true;
            }

            if (changed)
            {
                current = string.Join(" > ", trail.Select(h => h.Title));
            }

            return current;
        }
    }

    private sealed class HeadingByStart : IComparer<Heading>
    {
        public static readonly HeadingByStart Instance = new();

        public int Compare(Heading x, Heading y) => x.Start.CompareTo(y.Start);
    }

    private readonly record struct Piece(int Start, int End, bool StartsSection);

    private readonly record struct Heading(int Start, int Level, string Title);

    [GeneratedRegex(@"^(?<hashes>#{1,6})[ \t]+(?<title>[^\r\n]*?)[ \t#]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"\n[ \t]*\r?\n\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Paragraph();

    [GeneratedRegex(@"\n", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex(@"[.!?]+[""')\]]*\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
