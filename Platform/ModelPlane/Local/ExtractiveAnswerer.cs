using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Local;

/// <summary>Answers a question with the most relevant sentences of the supplied context (no generation).</summary>
/// <remarks>
/// Sentences are ranked by embedding similarity to the question, with a BM25 keyword score as a smaller second
/// term so exact terms (ids, product names) break ties. The answer keeps the chosen sentences in document order.
/// </remarks>
internal sealed class ExtractiveAnswerer(IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    public const string NoAnswer = "The supplied context does not contain an answer to this question.";

    private const int MaxSentences = 3;
    private const int MaxChars = 600;
    private const double KeywordWeight = 0.15;
    private const double MinimumSimilarity = 0.2;

    public async Task<string> AnswerAsync(string question, IReadOnlyList<string> context, CancellationToken cancellationToken)
    {
        var questionStems = TextAnalysis.Stems(question);
        var candidates = context
            .SelectMany(TextAnalysis.Segment)
            .Where(s => s.Stems.Count >= 2 && !s.Text.EndsWith('?') && !string.Equals(s.Text, question.Trim(), StringComparison.Ordinal))
            .Select((s, i) => s with { Index = i })
            .ToList();
        if (candidates.Count == 0)
        {
            return NoAnswer;
        }

        var texts = candidates.Select(c => c.Text).Prepend(question).ToList();
        var vectors = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var questionVector = vectors[0].Vector.ToArray();
        var keyword = new Bm25(candidates.Select(c => c.Stems));
        var keywordScores = candidates.Select(c => keyword.Score(questionStems, c.Index)).ToList();
        var maxKeyword = Math.Max(keywordScores.Max(), 1e-9);
        var ranked = candidates
            .Select(c => (Segment: c, Similarity: SchemaGuidedExtractor.Cosine(questionVector, vectors[c.Index + 1].Vector.ToArray())))
            .Select(x => (x.Segment, x.Similarity, Score: x.Similarity + KeywordWeight * keywordScores[x.Segment.Index] / maxKeyword))
            .OrderByDescending(x => x.Score)
            .ToList();
        if (ranked[0].Similarity < MinimumSimilarity && keywordScores[ranked[0].Segment.Index] <= 0)
        {
            return NoAnswer;
        }

        var chosen = new List<Segment> { ranked[0].Segment };
        var length = ranked[0].Segment.Text.Length;
        foreach (var (segment, _, score) in ranked.Skip(1))
        {
            if (chosen.Count >= MaxSentences || score < 0.8 * ranked[0].Score || length + segment.Text.Length > MaxChars)
            {
                break;
            }

            chosen.Add(segment);
            length += segment.Text.Length + 1;
        }

        return TextAnalysis.Clip(TextAnalysis.JoinSentences(chosen.OrderBy(s => s.Index).Select(s => s.Text)), MaxChars);
    }
}

/// <summary>Okapi BM25 over pre-tokenised documents.</summary>
internal sealed class Bm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly List<Dictionary<string, int>> termCounts;
    private readonly List<int> lengths;
    private readonly Dictionary<string, int> documentFrequency = new(StringComparer.Ordinal);
    private readonly double averageLength;

    public Bm25(IEnumerable<IReadOnlyList<string>> documents)
    {
        termCounts = [];
        lengths = [];
        foreach (var document in documents)
        {
            var counts = document.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            termCounts.Add(counts);
            lengths.Add(document.Count);
            foreach (var term in counts.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        averageLength = lengths.Count == 0 ? 1 : Math.Max(1, lengths.Average());
    }

    public double Score(IEnumerable<string> query, int document)
    {
        var n = termCounts.Count;
        var score = 0.0;
        foreach (var term in query.Distinct(StringComparer.Ordinal))
        {
            if (!termCounts[document].TryGetValue(term, out var tf))
            {
                continue;
            }

            var df = documentFrequency[term];
            var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            score += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * lengths[document] / averageLength))));
        }

        return score;
    }
}
