using System.Collections.Concurrent;
using System.Numerics.Tensors;
using AiNative.Platform.ModelPlane.Embeddings;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.Governance.Injection;

/// <summary>How close one sentence is to the nearest attack exemplar (and its intent) and to the nearest benign look-alike.</summary>
public readonly record struct SentenceSimilarity(string Sentence, double Attack, string Intent, double Benign, double BankAttack = 0, double BankBenign = 0)
{
    /// <summary>How much closer the sentence is to an attack than to anything benign.</summary>
    public double Margin => Attack - Benign;

    /// <summary>kNN vote of the labelled bank: mean similarity of the k nearest attack sentences minus the k nearest benign ones.</summary>
    public double BankMargin => BankAttack - BankBenign;
}

/// <summary>Thresholds of the semantic layer's bank vote, chosen by cross-validation on the labelled sets (bench/Injection --cv).</summary>
public sealed record SemanticTuning
{
    /// <summary>The thresholds shipped.</summary>
    public static SemanticTuning Default { get; } = new();

    /// <summary>Neighbours per side in the bank vote.</summary>
    public int K { get; init; } = 5;

    /// <summary>Bank margin from which a sentence of a user message counts as an attack (null: the bank never adds evidence).</summary>
    /// <remarks>
    /// 0.12: the loosest margin whose cross-validated false-positive rate stays under 2 % on user messages (bench/results/injection-cv.md).
    /// The cap was 3 % (margin 0.10) until that flagged "Show me your rules on refunds for annual plans." (margin 0.115).
    /// </remarks>
    public double? BankMargin { get; init; } = 0.12;

    /// <summary>Same for documents and tool outputs, which have many sentences (a max over them inflates false positives).</summary>
    /// <remarks>Off: every margin added false positives beyond the 2 % cap in cross-validation (the rules catch these channels' attacks).</remarks>
    public double? UntrustedBankMargin { get; init; }

    /// <summary>The bank-vote margin on <paramref name="channel"/>: <see cref="BankMargin"/> for user messages, <see cref="UntrustedBankMargin"/> for the rest.</summary>
    /// <remarks>Documents and tool outputs have many sentences and a max over them inflates false positives: they need their own margin.</remarks>
    public double? BankMarginFor(string channel) => channel == InjectionChannel.User ? BankMargin : UntrustedBankMargin;

    /// <summary>Whether a sentence near an attack exemplar adds evidence on documents (user messages and tool outputs: always).</summary>
    /// <remarks>
    /// Off: on the independent held-out set (300 texts, measured once) exemplar hits raised the document false-positive rate
    /// from 3.3 % to 13.3 % (policies, install guides, training material read like attacks).
    /// </remarks>
    public bool DocumentExemplarEvidence { get; init; }

    /// <summary>
    /// Whether a sentence near an attack exemplar adds evidence on <paramref name="channel"/>; where it does not, the layer
    /// only discounts benign look-alikes (and the bank vote, when that channel has a margin), so a text without rule
    /// evidence needs no embedding at all.
    /// </summary>
    public bool ExemplarsAddEvidence(string channel) => channel != InjectionChannel.Document || DocumentExemplarEvidence;
}

/// <summary>
/// The detector's semantic layer: embeds sentences (MiniLM, in process) and compares them by cosine similarity with the
/// attack and benign exemplars of an <see cref="InjectionExemplarCatalog"/>, so paraphrases without trigger words count.
/// </summary>
/// <remarks>
/// Needs a local, synchronous-in-practice embedding generator (<see cref="MiniLmEmbeddingGenerator"/>): the detector is
/// called synchronously on every input. Exemplars are embedded on first use; sentence vectors are cached (bounded)
/// because the same chunks and tool outputs come back again and again.
/// </remarks>
public sealed class SemanticInjectionScorer
{
    private const int CacheLimit = 8192;
    private static readonly Lazy<SemanticInjectionScorer> SharedScorer = new(
        () => new SemanticInjectionScorer(new MiniLmEmbeddingGenerator(), InjectionExemplarCatalog.Embedded, InjectionBank.Embedded),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly IEmbeddingGenerator<string, Embedding<float>> embeddings;
    private readonly Lazy<(float[][] Vectors, InjectionExemplar[] Exemplars)> exemplars;
    private readonly Lazy<(float[][] Vectors, bool[] Attack)> bankVectors;
    private readonly ConcurrentDictionary<string, float[]> cache;

    /// <summary>A scorer over <paramref name="catalog"/> and, when given, the labelled sentence <paramref name="bank"/>.</summary>
    public SemanticInjectionScorer(IEmbeddingGenerator<string, Embedding<float>> embeddings, InjectionExemplarCatalog catalog, InjectionBank? bank = null, SemanticTuning? tuning = null)
        : this(embeddings, catalog, bank, tuning, new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal))
    {
    }

    private SemanticInjectionScorer(IEmbeddingGenerator<string, Embedding<float>> embeddings, InjectionExemplarCatalog catalog, InjectionBank? bank, SemanticTuning? tuning, ConcurrentDictionary<string, float[]> cache)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(catalog);
        this.embeddings = embeddings;
        this.cache = cache;
        Catalog = catalog;
        Bank = bank;
        Tuning = tuning ?? SemanticTuning.Default;
        exemplars = new(() => ([.. Embed([.. catalog.Exemplars.Select(e => e.Text)])], [.. catalog.Exemplars]), LazyThreadSafetyMode.ExecutionAndPublication);
        bankVectors = new(
            () => bank is null ? ([], []) : ([.. Embed([.. bank.Sentences.Select(s => s.Text)])], [.. bank.Sentences.Select(s => s.Attack)]),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The labelled sentence bank voting next to the exemplars (null: exemplars only).</summary>
    public InjectionBank? Bank { get; }

    /// <summary>Thresholds of the bank vote.</summary>
    public SemanticTuning Tuning { get; }

    /// <summary>The same model, exemplars and vector cache with another bank and tuning (cross-validation folds, tuning grids).</summary>
    public SemanticInjectionScorer With(InjectionBank? bank, SemanticTuning tuning) => new(embeddings, Catalog, bank, tuning, cache);

    /// <summary>The process-wide scorer the static detector uses: in-process MiniLM and the embedded catalog, created on first use.</summary>
    public static SemanticInjectionScorer Shared => SharedScorer.Value;

    /// <summary>The exemplars this scorer compares with.</summary>
    public InjectionExemplarCatalog Catalog { get; }

    /// <summary>One similarity per sentence, in order.</summary>
    public IReadOnlyList<SentenceSimilarity> Score(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0)
        {
            return [];
        }

        var (vectors, known) = exemplars.Value;
        var embedded = Embed(sentences);
        var results = new SentenceSimilarity[sentences.Count];
        for (var s = 0; s < sentences.Count; s++)
        {
            // Mean of the two nearest exemplars on each side: one stray neighbour (frequent for short sentences) counts less.
            double attack1 = -1, attack2 = -1, benign1 = -1, benign2 = -1;
            var intent = "";
            for (var e = 0; e < vectors.Length; e++)
            {
                // Unit vectors: the dot product is the cosine.
                double similarity = TensorPrimitives.Dot(embedded[s], vectors[e]);
                if (known[e].Attack)
                {
                    if (similarity > attack1)
                    {
                        (attack1, attack2, intent) = (similarity, attack1, known[e].Group);
                    }
                    else if (similarity > attack2)
                    {
                        attack2 = similarity;
                    }
                }
                else if (similarity > benign1)
                {
                    (benign1, benign2) = (similarity, benign1);
                }
                else if (similarity > benign2)
                {
                    benign2 = similarity;
                }
            }

            var (bankAttack, bankBenign) = Vote(embedded[s]);
            results[s] = new SentenceSimilarity(sentences[s], (attack1 + attack2) / 2, intent, (benign1 + benign2) / 2, bankAttack, bankBenign);
        }

        return results;
    }

    // Mean similarity of the K nearest attack and the K nearest benign bank sentences.
    private (double Attack, double Benign) Vote(float[] sentence)
    {
        var (vectors, attack) = bankVectors.Value;
        if (vectors.Length == 0)
        {
            return (0, 0);
        }

        var k = Tuning.K;
        var nearestAttack = new PriorityQueue<double, double>(k + 1);
        var nearestBenign = new PriorityQueue<double, double>(k + 1);
        for (var b = 0; b < vectors.Length; b++)
        {
            double similarity = TensorPrimitives.Dot(sentence, vectors[b]);
            var queue = attack[b] ? nearestAttack : nearestBenign;
            queue.Enqueue(similarity, similarity);
            if (queue.Count > k)
            {
                queue.Dequeue();
            }
        }

        return (Mean(nearestAttack), Mean(nearestBenign));
    }

    private static double Mean(PriorityQueue<double, double> queue)
    {
        if (queue.Count == 0)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var (element, _) in queue.UnorderedItems)
        {
            sum += element;
        }

        return sum / queue.Count;
    }

    private float[][] Embed(IReadOnlyList<string> texts)
    {
        var result = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (cache.TryGetValue(texts[i], out var vector))
            {
                result[i] = vector;
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            // MiniLmEmbeddingGenerator completes synchronously; the detector's callers are synchronous.
            var generated = embeddings.GenerateAsync(missing.Select(i => texts[i])).GetAwaiter().GetResult();
            if (cache.Count + missing.Count > CacheLimit)
            {
                cache.Clear();
            }

            for (var j = 0; j < missing.Count; j++)
            {
                var vector = generated[j].Vector.ToArray();
                result[missing[j]] = vector;
                cache[texts[missing[j]]] = vector;
            }
        }

        return result;
    }
}
