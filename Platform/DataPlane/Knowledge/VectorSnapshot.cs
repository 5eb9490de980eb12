using System.Numerics.Tensors;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// Every chunk's vector and filter fields in memory, as of one store generation: brute-force cosine over contiguous
/// floats instead of reading every embedding blob from SQLite per query. Rebuilt when the store's generation changes.
/// </summary>
internal sealed class VectorSnapshot
{
    private readonly long[] ids;
    private readonly int[] dimensions;
    private readonly int[] offsets;
    private readonly float[] vectors;
    private readonly string?[] tenants;
    private readonly string[] sources;
    private readonly double[] qualities;
    private readonly string[] timestamps;
    private readonly string?[] expiries;

    public VectorSnapshot(long generation, List<(long Id, float[] Vector, string? Tenant, string Source, double Quality, string Timestamp, string? ExpiresAt)> rows)
    {
        Generation = generation;
        var count = rows.Count;
        ids = new long[count];
        dimensions = new int[count];
        offsets = new int[count];
        tenants = new string?[count];
        sources = new string[count];
        qualities = new double[count];
        timestamps = new string[count];
        expiries = new string?[count];
        vectors = new float[rows.Sum(r => r.Vector.Length)];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            (ids[i], dimensions[i], offsets[i], tenants[i], sources[i], qualities[i], timestamps[i], expiries[i]) =
                (row.Id, row.Vector.Length, offset, row.Tenant, row.Source, row.Quality, row.Timestamp, row.ExpiresAt);
            // Stored unit length, so a query needs one dot product per chunk instead of a full cosine.
            var target = vectors.AsSpan(offset, row.Vector.Length);
            var norm = TensorPrimitives.Norm(row.Vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row.Vector, norm, target);
            }

            offset += row.Vector.Length;
        }
    }

    public long Generation { get; }

    /// <summary>The ids of the <paramref name="limit"/> most similar chunks passing the filters, best first (ties by id).</summary>
    public List<long> Search(float[] query, KnowledgeQuery filter, string? notBefore, string? now, int limit)
    {
        var best = new PriorityQueue<long, (float Similarity, long NegativeId)>(limit + 1);
        var span = vectors.AsSpan();
        var queryNorm = TensorPrimitives.Norm(query);
        if (queryNorm == 0 || float.IsNaN(queryNorm))
        {
            return [];
        }

        var unitQuery = new float[query.Length];
        TensorPrimitives.Divide(query, queryNorm, unitQuery);
        for (var i = 0; i < ids.Length; i++)
        {
            // Chunks embedded by a model of another dimension cannot be compared; they wait for re-embedding.
            if (dimensions[i] != query.Length
                || (filter.Tenant is null ? tenants[i] is not null : tenants[i] is not null && tenants[i] != filter.Tenant)
                || (filter.Source is not null && sources[i] != filter.Source)
                || (filter.MinQuality > 0 && qualities[i] < filter.MinQuality)
                || (notBefore is not null && string.CompareOrdinal(timestamps[i], notBefore) < 0)
                || (now is not null && expiries[i] is { } expires && string.CompareOrdinal(expires, now) <= 0))
            {
                continue;
            }

            var similarity = TensorPrimitives.Dot(unitQuery, span.Slice(offsets[i], dimensions[i]));
            if (float.IsNaN(similarity) || (similarity == 0 && TensorPrimitives.Norm(span.Slice(offsets[i], dimensions[i])) == 0))
            {
                continue;
            }

            // A min-heap of the best so far: the root is the weakest kept result.
            var priority = (similarity, -ids[i]);
            if (best.Count < limit)
            {
                best.Enqueue(ids[i], priority);
            }
            else if (best.TryPeek(out _, out var weakest) && priority.CompareTo(weakest) > 0)
            {
                best.EnqueueDequeue(ids[i], priority);
            }
        }

        var result = new List<long>(best.Count);
        while (best.TryDequeue(out var id, out _))
        {
            result.Add(id);
        }

        result.Reverse();
        return result;
    }
}
