using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace AiNative.Platform.DataPlane.Chunking;

/// <summary>How <see cref="TextChunker"/> cuts text.</summary>
public enum ChunkingStrategy
{
    /// <summary>Markdown sections, then paragraphs, lines, sentences, words; packed up to the size with a word-aligned overlap.</summary>
    Recursive,

    /// <summary>Fixed-size windows of whole words with a word-aligned overlap, ignoring document structure.</summary>
    FixedSize,

    /// <summary>
    /// Markdown sections, then paragraphs, then sentences: a chunk is whole sentences of one section (only a sentence longer than a
    /// chunk is cut, at words), and the overlap repeats whole sentences.
    /// </summary>
    Semantic,
}

/// <summary>What <see cref="TextChunker.ChunkSize"/> and <see cref="TextChunker.Overlap"/> count.</summary>
public enum ChunkSizeUnit
{
    /// <summary>UTF-16 characters.</summary>
    Characters,

    /// <summary>o200k tokens (GPT-4o's tokenizer, Microsoft.ML.Tokenizers), as embedding models count them.</summary>
    Tokens,
}

/// <summary>
/// Splits text into chunks of at most <see cref="ChunkSize"/> characters or tokens (<see cref="Unit"/>) that overlap by up to
/// <see cref="Overlap"/>, never cutting inside a word (only a single word longer than the chunk size is cut).
/// Chunks are slices of the source, so offsets map back to the document.
/// </summary>
public sealed partial class TextChunker
{
    // The tokenizer loads a 3.6 MB vocabulary: once per process, on first use; encoding is thread-safe.
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Func<string, int, int, IEnumerable<int>>[] levels;

    public TextChunker(ChunkingStrategy strategy = ChunkingStrategy.Recursive, int chunkSize = 1000, int overlap = 100, ChunkSizeUnit unit = ChunkSizeUnit.Characters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, unit == ChunkSizeUnit.Tokens ? 10 : 20);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, chunkSize / 2);
        Strategy = strategy;
        ChunkSize = chunkSize;
        Overlap = overlap;
        Unit = unit;
        levels = strategy switch
        {
            ChunkingStrategy.Recursive => [Boundaries(Paragraph()), Boundaries(Line()), Boundaries(Sentence()), Boundaries(Whitespace())],
            ChunkingStrategy.Semantic => [Boundaries(Paragraph()), Boundaries(Sentence()), Boundaries(Whitespace())],
            _ => [Boundaries(Whitespace())],
        };
    }

    public ChunkingStrategy Strategy { get; }

    public int ChunkSize { get; }

    public int Overlap { get; }

    public ChunkSizeUnit Unit { get; }

    /// <summary>Lineage id recorded on every stored chunk, e.g. <c>recursive/1000/100</c>, or <c>semantic/500t/50</c> in tokens.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture,
        $"{Strategy switch { ChunkingStrategy.Recursive => "recursive", ChunkingStrategy.Semantic => "semantic", _ => "fixed" }}/{ChunkSize}{(Unit == ChunkSizeUnit.Tokens ? "t" : "")}/{Overlap}");

    /// <summary>Chunks <paramref name="text"/>; with <paramref name="markdown"/>, headings start sections that stay together with their body.</summary>
    public IReadOnlyList<TextChunk> Chunk(string text, bool markdown = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sizer = Unit == ChunkSizeUnit.Tokens ? Sizer.ForTokens(text, Tokenizer.Value) : Sizer.Characters;
        var headings = markdown && Strategy != ChunkingStrategy.FixedSize ? FindHeadings(text) : [];
        var pieces = new List<Piece>();
        var sectionStarts = new List<int> { 0 };
        sectionStarts.AddRange(headings.Select(h => h.Start).Where(s => s > 0));
        sectionStarts.Add(text.Length);
        for (var s = 0; s < sectionStarts.Count - 1; s++)
        {
            var first = pieces.Count;
            Split(text, sectionStarts[s], sectionStarts[s + 1], 0, pieces, sizer);
            // Every section boundary after the first is a heading; the first is one only when the text opens with a heading.
            if (pieces.Count > first && (s > 0 || (headings.Count > 0 && headings[0].Start == 0)))
            {
                pieces[first] = pieces[first] with { StartsSection = true };
            }
        }

        return Pack(text, pieces, headings, sizer);
    }

    private List<TextChunk> Pack(string text, List<Piece> pieces, List<Heading> headings, Sizer sizer)
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
                start = OverlapStart(text, pieceStart, previousStart, headings, sizer);
            }

            if (sizer.Measure(start, pieces[i].End) > ChunkSize)
            {
                start = pieceStart;
            }

            var end = pieces[i].End;
            var j = i + 1;
            while (j < pieces.Count && sizer.Measure(start, pieces[j].End) <= ChunkSize)
            {
                // A heading only joins this chunk together with what follows it, never as the chunk's last line.
                if (pieces[j].StartsSection && j + 1 < pieces.Count && !pieces[j + 1].StartsSection && sizer.Measure(start, pieces[j + 1].End) > ChunkSize)
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
    private int OverlapStart(string text, int pieceStart, int previousStart, List<Heading> headings, Sizer sizer)
    {
        var floor = Math.Max(previousStart + 1, sizer.Back(pieceStart, Overlap));
        // The last heading before the piece: overlap may start at it, never before it.
        var last = headings.BinarySearch(new Heading(pieceStart, 0, ""), HeadingByStart.Instance);
        last = (last >= 0 ? last : ~last) - 1;
        if (last >= 0 && headings[last].Start > floor)
        {
            floor = headings[last].Start;
        }

        if (Strategy == ChunkingStrategy.Semantic)
        {
            // Whole sentences only: the overlap starts at the first sentence start inside the budget, or there is none.
            foreach (var match in Sentence().EnumerateMatches(text.AsSpan(floor, pieceStart - floor)))
            {
                var sentenceStart = floor + match.Index + match.Length;
                if (sentenceStart < pieceStart)
                {
                    return sentenceStart;
                }
            }

            return pieceStart;
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

    private void Split(string text, int start, int end, int level, List<Piece> pieces, Sizer sizer)
    {
        if (sizer.Measure(start, end) <= ChunkSize)
        {
            pieces.Add(new Piece(start, end, false));
            return;
        }

        if (level == levels.Length)
        {
            // One "word" longer than a chunk (a URL, a base64 blob): the only place a cut inside a word is allowed.
            for (var p = start; p < end;)
            {
                var next = Math.Min(end, Math.Max(p + 1, sizer.Forward(p, ChunkSize)));
                pieces.Add(new Piece(p, next, false));
                p = next;
            }

            return;
        }

        var from = start;
        foreach (var boundary in levels[level](text, start, end))
        {
            Split(text, from, boundary, level + 1, pieces, sizer);
            from = boundary;
        }

        Split(text, from, end, level + 1, pieces, sizer);
    }

    /// <summary>Measures text spans in characters, or in tokens through the start offsets of the text's tokens (binary search).</summary>
    private sealed class Sizer
    {
        public static readonly Sizer Characters = new(null, 0);

        private readonly int[]? tokenStarts;
        private readonly int length;

        private Sizer(int[]? tokenStarts, int length) => (this.tokenStarts, this.length) = (tokenStarts, length);

        public static Sizer ForTokens(string text, Tokenizer tokenizer)
        {
            var tokens = tokenizer.EncodeToTokens(text, out _);
            var starts = new int[tokens.Count];
            for (var i = 0; i < tokens.Count; i++)
            {
                starts[i] = tokens[i].Offset.Start.GetOffset(text.Length);
            }

            Array.Sort(starts);
            return new Sizer(starts, text.Length);
        }

        /// <summary>Characters, or tokens starting, in [start, end).</summary>
        public int Measure(int start, int end) => tokenStarts is null ? end - start : LowerBound(end) - LowerBound(start);

        /// <summary>The earliest position p with Measure(p, position) at most <paramref name="amount"/>.</summary>
        public int Back(int position, int amount)
        {
            if (tokenStarts is null)
            {
                return Math.Max(0, position - amount);
            }

            var i = LowerBound(position) - amount;
            return i <= 0 ? 0 : tokenStarts[i];
        }

        /// <summary>The furthest position p with Measure(position, p) at most <paramref name="amount"/>.</summary>
        public int Forward(int position, int amount)
        {
            if (tokenStarts is null)
            {
                return position + amount;
            }

            var i = LowerBound(position) + amount;
            return i >= tokenStarts.Length ? length : tokenStarts[i];
        }

        private int LowerBound(int position)
        {
            var index = Array.BinarySearch(tokenStarts!, position);
            if (index < 0)
            {
                return ~index;
            }

            // Equal starts cannot repeat after sorting distinct offsets, but walk back to the first one to be safe.
            while (index > 0 && tokenStarts![index - 1] == position)
            {
                index--;
            }

            return index;
        }
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
