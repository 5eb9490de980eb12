using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>
/// A fast, deterministic bag-of-words embedding (feature hashing, unit length) for tests where plumbing, not
/// semantic quality, is under test. Texts sharing words get similar vectors.
/// </summary>
internal sealed partial class HashingEmbeddingGenerator(int dimensions = 256, string modelId = HashingEmbeddingGenerator.ModelId) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "test-hashing-256";

    private readonly EmbeddingGeneratorMetadata metadata = new("test-hashing", null, modelId, dimensions);

    /// <summary>How many texts were embedded, and in how many calls (batching is part of the contract).</summary>
    public int Texts { get; private set; }

    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        Calls++;
        Texts += list.Count;
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list.Select(v => new Embedding<float>(Embed(v)) { ModelId = modelId })));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(metadata) ? metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private float[] Embed(string text)
    {
        // A small constant component keeps texts without words (e.g. "----") comparable instead of a zero vector.
        var vector = new float[dimensions];
        vector[0] = 0.1f;
        foreach (Match word in Word().Matches(text.ToLowerInvariant()))
        {
            var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(word.Value));
            vector[hash % (uint)dimensions] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
