using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>One chunk as the in-memory index needs it: searchable text, filter fields and the embedding.</summary>
internal sealed record IndexRow(long Id, string Text, string? Title, string? Section, string? Tenant, string Source, double Quality, long TimestampTicks, long? ExpiresTicks, float[] Vector);

/// <summary>
/// The embedded store's search structures in memory, kept in step with the SQLite file write by write:
/// a BM25 inverted index scoring exactly as FTS5's <c>bm25(chunks_fts, 1.0, 0.5, 0.5)</c> does (k1 = 1.2, b = 0.75,
/// column-weighted term frequency, the row's total token count), and contiguous unit vectors with an int8 copy that a
/// SIMD scan ranks first, the best candidates then re-scored with the float vectors. Not thread-safe: the store locks.
/// </summary>
internal sealed class KnowledgeIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const float TitleWeight = 0.5f;
    private const float SectionWeight = 0.5f;

    // Candidates the int8 scan keeps per result wanted; re-scoring them with float32 makes the order exact in practice.
    private const int RescoreFactor = 4;
    private const int MinimumDeadToCompact = 4096;

    private readonly Dictionary<string, int> terms = new(StringComparer.Ordinal);
    private readonly List<Postings> postings = [];
    private readonly Dictionary<long, int> slotById = [];
    private readonly Dictionary<int, float[]> otherDimension = [];
    private readonly Dictionary<string, string> interned = new(StringComparer.Ordinal);

    private int capacity;
    private int used;
    private int dead;
    private long totalTokens;
    private int dimensions;

    private long[] ids = [];
    private bool[] alive = [];
    private string?[] tenants = [];
    private string[] sources = [];
    private double[] qualities = [];
    private long[] timestamps = [];
    private long[] expiries = [];
    private float[] lengths = [];
    private float[] inverseScales = [];
    private float[] vectors = [];
    private sbyte[] quantized = [];
    private int[][] rowTerms = [];
    private float[][] rowWeights = [];

    public KnowledgeIndex(long generation) => Generation = generation;

    /// <summary>The store generation this index reflects.</summary>
    public long Generation { get; set; }

    public int Count => used - dead;

    /// <summary>Adds or replaces the row with this id.</summary>
    public void Upsert(IndexRow row)
    {
        Remove(row.Id);
        if (used == capacity)
        {
            Grow(Math.Max(1024, capacity * 2));
        }

        var slot = used++;
        ids[slot] = row.Id;
        alive[slot] = true;
        tenants[slot] = row.Tenant is null ? null : Intern(row.Tenant);
        sources[slot] = Intern(row.Source);
        qualities[slot] = row.Quality;
        timestamps[slot] = row.TimestampTicks;
        expiries[slot] = row.ExpiresTicks ?? long.MaxValue;
        slotById[row.Id] = slot;
        AddTerms(slot, row);
        SetVector(slot, row.Vector);
    }

    /// <summary>Removes the row with this id, if present.</summary>
    public void Remove(long id)
    {
        if (!slotById.Remove(id, out var slot))
        {
            return;
        }

        alive[slot] = false;
        dead++;
        totalTokens -= (long)lengths[slot];
        foreach (var term in rowTerms[slot])
        {
            postings[term].Df--;
        }

        rowTerms[slot] = [];
        rowWeights[slot] = [];
        otherDimension.Remove(slot);
        if (dead >= MinimumDeadToCompact && dead > Count)
        {
            Compact();
        }
    }

    /// <summary>The ids of the best BM25 matches of any of <paramref name="queryTerms"/> passing the filters, best first (ties by id).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<long> KeywordSearch(IReadOnlyList<string> queryTerms, KnowledgeQuery filter, int limit)
    {
        var n = Count;
        if (n == 0 || queryTerms.Count == 0)
        {
            return [];
        }

        var averageLength = (double)totalTokens / n;
        var scores = ArrayPool<double>.Shared.Rent(used);
        // Pooled arrays come back with whatever their last user left: zero the part this search reads.
        Array.Clear(scores, 0, used);
        var touched = new List<int>();
        try
        {
            foreach (var text in queryTerms)
            {
                // Each query term is one FTS5 phrase; a term that folds into several tokens counts each of them.
                foreach (var token in Bm25Tokenizer.Tokens(text))
                {
                    if (!terms.TryGetValue(token, out var termId))
                    {
                        continue;
                    }

                    var list = postings[termId];
                    var idf = Math.Log((n - list.Df + 0.5) / (list.Df + 0.5));
                    if (idf <= 0)
                    {
                        idf = 1e-6;
                    }

                    for (var p = 0; p < list.Count; p++)
                    {
                        var slot = list.Slots[p];
                        if (!alive[slot])
                        {
                            continue;
                        }

                        double frequency = list.Weights[p];
                        if (scores[slot] == 0)
                        {
                            touched.Add(slot);
                        }

                        scores[slot] += idf * (frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * lengths[slot] / averageLength)))));
                    }
                }
            }

            var filters = new RowFilter(filter);
            var best = new PriorityQueue<long, (double Score, long NegativeId)>(limit + 1);
            foreach (var slot in touched)
            {
                if (Passes(slot, filters))
                {
                    Offer(best, ids[slot], (scores[slot], -ids[slot]), limit);
                }
            }

            return Drain(best);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    /// <summary>The ids of the <paramref name="limit"/> chunks most similar to <paramref name="query"/> passing the filters, best first (ties by id).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<long> VectorSearch(float[] query, KnowledgeQuery filter, int limit)
    {
        var queryNorm = TensorPrimitives.Norm(query);
        if (queryNorm == 0 || float.IsNaN(queryNorm) || limit <= 0)
        {
            return [];
        }

        var unit = new float[query.Length];
        TensorPrimitives.Divide(query, queryNorm, unit);
        var filters = new RowFilter(filter);
        var exact = new PriorityQueue<long, (float Similarity, long NegativeId)>(limit + 1);
        if (query.Length == dimensions)
        {
            // Pass 1: int8 dot products over one contiguous array (a quarter of the float bytes); pass 2: float32 re-score.
            var wanted = limit * RescoreFactor;
            var candidates = new PriorityQueue<int, (float Score, long NegativeId)>(wanted + 1);
            var queryInt8 = Quantize(unit, out _);
            var queryShorts = new short[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                queryShorts[d] = queryInt8[d];
            }

            var matrix = quantized.AsSpan();
            // Once the candidate heap is full, only a score above its weakest can enter: one float compare per row.
            var threshold = float.NegativeInfinity;
            for (var slot = 0; slot < used; slot++)
            {
                if (inverseScales[slot] == 0 || !Passes(slot, filters))
                {
                    continue;
                }

                var approximate = Int8Dot.Dot(queryShorts, matrix.Slice(slot * dimensions, dimensions)) * inverseScales[slot];
                if (candidates.Count < wanted)
                {
                    candidates.Enqueue(slot, (approximate, -ids[slot]));
                }
                else if (approximate > threshold)
                {
                    candidates.EnqueueDequeue(slot, (approximate, -ids[slot]));
                }
                else
                {
                    continue;
                }

                if (candidates.Count == wanted)
                {
                    candidates.TryPeek(out _, out var weakest);
                    threshold = weakest.Score;
                }
            }

            while (candidates.TryDequeue(out var slot, out _))
            {
                var similarity = TensorPrimitives.Dot(unit, vectors.AsSpan(slot * dimensions, dimensions));
                if (!float.IsNaN(similarity))
                {
                    Offer(exact, ids[slot], (similarity, -ids[slot]), limit);
                }
            }
        }
        else
        {
            // Chunks embedded by a model of another dimension: comparable only with queries of their own size.
            foreach (var (slot, vector) in otherDimension)
            {
                if (vector.Length == query.Length && alive[slot] && Passes(slot, filters))
                {
                    var similarity = TensorPrimitives.Dot(unit, vector);
                    if (!float.IsNaN(similarity))
                    {
                        Offer(exact, ids[slot], (similarity, -ids[slot]), limit);
                    }
                }
            }
        }

        return Drain(exact);
    }

    private static void Offer<TElement, TPriority>(PriorityQueue<TElement, TPriority> best, TElement element, TPriority priority, int limit)
        where TPriority : IComparable<TPriority>
    {
        // A min-heap of the best so far: the root is the weakest kept result.
        if (best.Count < limit)
        {
            best.Enqueue(element, priority);
        }
        else if (best.TryPeek(out _, out var weakest) && priority.CompareTo(weakest) > 0)
        {
            best.EnqueueDequeue(element, priority);
        }
    }

    private static List<long> Drain<TPriority>(PriorityQueue<long, TPriority> best)
    {
        var result = new List<long>(best.Count);
        while (best.TryDequeue(out var id, out _))
        {
            result.Add(id);
        }

        result.Reverse();
        return result;
    }

    private static sbyte[] Quantize(ReadOnlySpan<float> unit, out float inverseScale)
    {
        var max = TensorPrimitives.MaxMagnitude(unit);
        var result = new sbyte[unit.Length];
        if (max == 0 || float.IsNaN(max))
        {
            inverseScale = 0;
            return result;
        }

        var scale = 127f / Math.Abs(max);
        for (var i = 0; i < unit.Length; i++)
        {
            result[i] = (sbyte)Math.Clamp(MathF.Round(unit[i] * scale), -127, 127);
        }

        inverseScale = 1f / scale;
        return result;
    }

    private bool Passes(int slot, RowFilter f) =>
        alive[slot]
        && (f.Tenant is null ? tenants[slot] is null : tenants[slot] is null || tenants[slot] == f.Tenant)
        && (f.Source is null || sources[slot] == f.Source)
        && (f.MinQuality <= 0 || qualities[slot] >= f.MinQuality)
        && timestamps[slot] >= f.NotBefore
        && expiries[slot] > f.Now;

    private void AddTerms(int slot, IndexRow row)
    {
        var weights = new Dictionary<int, float>();
        var tokens = 0;
        void Count(string? text, float weight) => Bm25Tokenizer.Tokenize(text, token =>
        {
            tokens++;
            if (!terms.TryGetValue(token, out var id))
            {
                id = terms.Count;
                terms[token] = id;
                postings.Add(new Postings());
            }

            weights[id] = weights.GetValueOrDefault(id) + weight;
        });
        Count(row.Text, 1f);
        Count(row.Title, TitleWeight);
        Count(row.Section, SectionWeight);
        lengths[slot] = tokens;
        totalTokens += tokens;
        var rowTermIds = new int[weights.Count];
        var rowTermWeights = new float[weights.Count];
        var i = 0;
        foreach (var (term, weight) in weights)
        {
            rowTermIds[i] = term;
            rowTermWeights[i++] = weight;
            postings[term].Add(slot, weight);
        }

        rowTerms[slot] = rowTermIds;
        rowWeights[slot] = rowTermWeights;
    }

    private void SetVector(int slot, float[] vector)
    {
        inverseScales[slot] = 0;
        var norm = vector.Length == 0 ? 0 : TensorPrimitives.Norm(vector);
        if (norm == 0 || float.IsNaN(norm))
        {
            return;
        }

        if (dimensions == 0)
        {
            dimensions = vector.Length;
            vectors = new float[capacity * dimensions];
            quantized = new sbyte[capacity * dimensions];
        }

        // Stored unit length, so a query needs one dot product per chunk instead of a full cosine.
        var unit = new float[vector.Length];
        TensorPrimitives.Divide(vector, norm, unit);
        if (vector.Length != dimensions)
        {
            otherDimension[slot] = unit;
            return;
        }

        unit.CopyTo(vectors.AsSpan(slot * dimensions, dimensions));
        Quantize(unit, out var inverseScale).CopyTo(quantized.AsSpan(slot * dimensions, dimensions));
        inverseScales[slot] = inverseScale;
    }

    private void Grow(int newCapacity)
    {
        Array.Resize(ref ids, newCapacity);
        Array.Resize(ref alive, newCapacity);
        Array.Resize(ref tenants, newCapacity);
        Array.Resize(ref sources, newCapacity);
        Array.Resize(ref qualities, newCapacity);
        Array.Resize(ref timestamps, newCapacity);
        Array.Resize(ref expiries, newCapacity);
        Array.Resize(ref lengths, newCapacity);
        Array.Resize(ref inverseScales, newCapacity);
        Array.Resize(ref rowTerms, newCapacity);
        Array.Resize(ref rowWeights, newCapacity);
        if (dimensions > 0)
        {
            Array.Resize(ref vectors, newCapacity * dimensions);
            Array.Resize(ref quantized, newCapacity * dimensions);
        }

        capacity = newCapacity;
    }

    /// <summary>Moves the live rows together and rebuilds the postings from the per-row term lists (no re-tokenizing).</summary>
    private void Compact()
    {
        var target = 0;
        var moved = new Dictionary<int, float[]>();
        foreach (var list in postings)
        {
            (list.Count, list.Df) = (0, 0);
        }

        for (var slot = 0; slot < used; slot++)
        {
            if (!alive[slot])
            {
                continue;
            }

            ids[target] = ids[slot];
            alive[target] = true;
            tenants[target] = tenants[slot];
            sources[target] = sources[slot];
            qualities[target] = qualities[slot];
            timestamps[target] = timestamps[slot];
            expiries[target] = expiries[slot];
            lengths[target] = lengths[slot];
            inverseScales[target] = inverseScales[slot];
            rowTerms[target] = rowTerms[slot];
            rowWeights[target] = rowWeights[slot];
            if (dimensions > 0 && target != slot)
            {
                Array.Copy(vectors, slot * dimensions, vectors, target * dimensions, dimensions);
                Array.Copy(quantized, slot * dimensions, quantized, target * dimensions, dimensions);
            }

            if (otherDimension.TryGetValue(slot, out var other))
            {
                moved[target] = other;
            }

            for (var t = 0; t < rowTerms[target].Length; t++)
            {
                postings[rowTerms[target][t]].Add(target, rowWeights[target][t]);
            }

            slotById[ids[target]] = target;
            target++;
        }

        for (var slot = target; slot < used; slot++)
        {
            alive[slot] = false;
            tenants[slot] = null;
            sources[slot] = null!;
            rowTerms[slot] = [];
            rowWeights[slot] = [];
        }

        otherDimension.Clear();
        foreach (var (slot, vector) in moved)
        {
            otherDimension[slot] = vector;
        }

        used = target;
        dead = 0;
    }

    private string Intern(string value)
    {
        if (!interned.TryGetValue(value, out var shared))
        {
            interned[value] = shared = value;
        }

        return shared;
    }

    /// <summary>A query's filters in the index's own units (ticks, interned strings).</summary>
    private readonly struct RowFilter(KnowledgeQuery query)
    {
        public string? Tenant { get; } = query.Tenant;

        public string? Source { get; } = query.Source;

        public double MinQuality { get; } = query.MinQuality;

        public long NotBefore { get; } = query.NotBefore?.UtcTicks ?? long.MinValue;

        public long Now { get; } = query.Now?.UtcTicks ?? long.MinValue;
    }

    /// <summary>One term's postings: slots and column-weighted term frequencies; <see cref="Df"/> counts live rows only.</summary>
    private sealed class Postings
    {
        public int[] Slots = new int[4];
        public float[] Weights = new float[4];
        public int Count;
        public int Df;

        public void Add(int slot, float weight)
        {
            if (Count == Slots.Length)
            {
                Array.Resize(ref Slots, Count * 2);
                Array.Resize(ref Weights, Count * 2);
            }

            Slots[Count] = slot;
            Weights[Count++] = weight;
            Df++;
        }
    }
}
