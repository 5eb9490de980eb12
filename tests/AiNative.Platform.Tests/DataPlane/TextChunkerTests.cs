using System.Text;
using AiNative.Platform.DataPlane.Chunking;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class TextChunkerTests
{
    private static readonly string[] Words =
    [
        "refund", "credit", "outage", "invoice", "customer", "billing", "approval", "threshold", "service", "monthly",
        "fee", "duplicate", "charge", "account", "support", "policy", "the", "a", "of", "within", "days", "agent",
    ];

    [Theory]
    [InlineData(ChunkingStrategy.Recursive, 200, 40, 1)]
    [InlineData(ChunkingStrategy.Recursive, 1000, 100, 2)]
    [InlineData(ChunkingStrategy.Recursive, 120, 0, 3)]
    [InlineData(ChunkingStrategy.FixedSize, 300, 50, 4)]
    [InlineData(ChunkingStrategy.FixedSize, 150, 20, 5)]
    public void Covers_all_text_within_size_without_cutting_words_when_chunking_prose(ChunkingStrategy strategy, int size, int overlap, int seed)
    {
        var text = Prose(seed, paragraphs: 12);
        var chunker = new TextChunker(strategy, size, overlap);

        var chunks = chunker.Chunk(text);

        Assert.True(chunks.Count > 1);
        var covered = new bool[text.Length];
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            Assert.Equal(i, chunk.Index);
            Assert.Equal(text[chunk.Start..chunk.End], chunk.Text);
            Assert.InRange(chunk.Text.Length, 1, size);
            Assert.True(chunk.Start == 0 || char.IsWhiteSpace(text[chunk.Start - 1]), $"chunk {i} starts inside a word");
            Assert.True(chunk.End == text.Length || char.IsWhiteSpace(text[chunk.End]) || char.IsPunctuation(text[chunk.End - 1]), $"chunk {i} ends inside a word");
            Assert.True(chunk.End == text.Length || char.IsWhiteSpace(text[chunk.End]), $"chunk {i} ends inside a word");
            for (var p = chunk.Start; p < chunk.End; p++)
            {
                covered[p] = true;
            }
        }

        for (var p = 0; p < text.Length; p++)
        {
            Assert.True(covered[p] || char.IsWhiteSpace(text[p]), $"character {p} ('{text[p]}') is in no chunk");
        }

        Assert.True(chunks.Zip(chunks.Skip(1)).All(pair => pair.Second.Start > pair.First.Start && pair.Second.End > pair.First.End));
    }

    [Fact]
    public void Overlaps_neighbours_by_at_most_the_overlap_when_splitting_a_long_paragraph()
    {
        var text = Prose(7, paragraphs: 1, sentencesPerParagraph: 60);
        var chunker = new TextChunker(ChunkingStrategy.Recursive, 300, 60);

        var chunks = chunker.Chunk(text);

        Assert.True(chunks.Count > 3);
        var overlaps = chunks.Zip(chunks.Skip(1)).Select(pair => pair.First.End - pair.Second.Start).ToList();
        Assert.All(overlaps, o => Assert.InRange(o, 0, 60));
        // Word-aligned overlap: most neighbours share text (zero only where a single long word made it impossible).
        Assert.True(overlaps.Count(o => o > 0) >= overlaps.Count - 1);
        foreach (var (first, second) in chunks.Zip(chunks.Skip(1)).Where(pair => pair.First.End > pair.Second.Start))
        {
            Assert.EndsWith(text[second.Start..first.End].TrimEnd(), first.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Keeps_headings_with_their_section_when_chunking_markdown()
    {
        var text = new StringBuilder();
        for (var s = 1; s <= 6; s++)
        {
            text.Append("## Section ").Append(s).Append("\n\n").Append(Prose(s, paragraphs: 2, sentencesPerParagraph: 4)).Append("\n\n");
        }

        var markdown = "# Policy handbook\n\n" + text;
        var chunker = new TextChunker(ChunkingStrategy.Recursive, 400, 50);

        var chunks = chunker.Chunk(markdown);

        foreach (var chunk in chunks)
        {
            // No chunk ends with a heading line: the heading travels with the body below it.
            var lastLine = chunk.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
            Assert.False(lastLine.StartsWith('#'), $"chunk {chunk.Index} ends with heading '{lastLine}'");
        }

        for (var s = 1; s <= 6; s++)
        {
            var heading = $"## Section {s}";
            var headingStart = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
            // The heading line is in a chunk together with the start of its body.
            Assert.Contains(chunks, c => c.Start <= headingStart && c.End > headingStart + heading.Length + 20);
            // Overlap never drags the tail of the previous section into a chunk that starts this one.
            Assert.DoesNotContain(chunks, c => c.Start < headingStart && c.End > headingStart && c.End - headingStart < 3 * heading.Length);
        }

        var inSectionThree = chunks.Where(c => c.Start >= markdown.IndexOf("## Section 3", StringComparison.Ordinal) && c.Start < markdown.IndexOf("## Section 4", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(inSectionThree);
        Assert.All(inSectionThree, c => Assert.Equal("Policy handbook > Section 3", c.Section));
    }

    [Fact]
    public void Splits_only_a_single_overlong_word_when_nothing_else_fits()
    {
        var token = new string('x', 250);
        var text = $"start {token} end";
        var chunker = new TextChunker(ChunkingStrategy.Recursive, 100, 10);

        var chunks = chunker.Chunk(text);

        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 100));
        var tokenStart = text.IndexOf('x', StringComparison.Ordinal);
        for (var p = tokenStart; p < tokenStart + token.Length; p++)
        {
            Assert.Contains(chunks, c => c.Start <= p && p < c.End);
        }

        Assert.Contains(chunks, c => c.Text.StartsWith("start", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Text.EndsWith("end", StringComparison.Ordinal));
    }

    [Fact]
    public void Returns_one_chunk_when_text_fits()
    {
        var chunks = new TextChunker().Chunk("  A short note about refunds.  \n");

        var chunk = Assert.Single(chunks);
        Assert.Equal("A short note about refunds.", chunk.Text);
        Assert.Null(chunk.Section);
    }

    [Fact]
    public void Returns_nothing_when_text_is_blank()
    {
        Assert.Empty(new TextChunker().Chunk(" \n\n\t "));
    }

    [Theory]
    [InlineData(ChunkingStrategy.Recursive, 1000, 100, ChunkSizeUnit.Characters, "recursive/1000/100")]
    [InlineData(ChunkingStrategy.FixedSize, 512, 64, ChunkSizeUnit.Characters, "fixed/512/64")]
    [InlineData(ChunkingStrategy.Semantic, 500, 50, ChunkSizeUnit.Tokens, "semantic/500t/50")]
    public void Names_itself_for_lineage(ChunkingStrategy strategy, int size, int overlap, ChunkSizeUnit unit, string id)
    {
        Assert.Equal(id, new TextChunker(strategy, size, overlap, unit).Id);
    }

    [Fact]
    public void Cuts_only_between_sentences_and_overlaps_whole_sentences_when_semantic()
    {
        var text = Prose(21, paragraphs: 8, sentencesPerParagraph: 7);
        var chunker = new TextChunker(ChunkingStrategy.Semantic, 300, 80);

        var chunks = chunker.Chunk(text);

        Assert.True(chunks.Count > 5);
        foreach (var chunk in chunks)
        {
            Assert.InRange(chunk.Text.Length, 1, 300);
            // Starts at a sentence start and ends at a sentence end.
            Assert.True(chunk.Start == 0 || text[..chunk.Start].TrimEnd().EndsWith('.'), $"chunk {chunk.Index} starts mid-sentence: '{chunk.Text[..20]}'");
            Assert.EndsWith(".", chunk.Text, StringComparison.Ordinal);
        }

        var overlapping = chunks.Zip(chunks.Skip(1)).Where(pair => pair.First.End > pair.Second.Start).ToList();
        Assert.NotEmpty(overlapping);
        Assert.All(overlapping, pair => Assert.InRange(pair.First.End - pair.Second.Start, 1, 80));
    }

    [Fact]
    public void Keeps_chunks_within_the_token_budget_when_sizing_in_tokens()
    {
        var text = Prose(4, paragraphs: 30);
        var tokenizer = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o");
        var chunker = new TextChunker(ChunkingStrategy.Recursive, 60, 6, ChunkSizeUnit.Tokens);

        var chunks = chunker.Chunk(text);

        Assert.True(chunks.Count > 10);
        Assert.All(chunks, c => Assert.InRange(tokenizer.CountTokens(c.Text), 1, 60));
        // Tokens, not characters: a 60-token chunk of English prose is far longer than 60 characters.
        Assert.True(chunks.Average(c => c.Text.Length) > 150, $"average {chunks.Average(c => c.Text.Length):F0} characters");
    }

    [Fact]
    public void Rejects_overlap_of_half_the_chunk_or_more()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextChunker(ChunkingStrategy.Recursive, 100, 50));
    }

    private static string Prose(int seed, int paragraphs, int sentencesPerParagraph = 6)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var p = 0; p < paragraphs; p++)
        {
            for (var s = 0; s < sentencesPerParagraph; s++)
            {
                var words = random.Next(6, 18);
                for (var w = 0; w < words; w++)
                {
                    var word = Words[random.Next(Words.Length)];
                    text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == words - 1 ? ". " : " ");
                }
            }

            text.Append(p % 3 == 2 ? "\n" : "\n\n");
        }

        return text.ToString();
    }
}
