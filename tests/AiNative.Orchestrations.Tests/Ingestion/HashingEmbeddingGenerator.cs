using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace AiNative.Orchestrations.Tests.Ingestion;

/// <summary>A fast, deterministic bag-of-words embedding for orchestration tests, where plumbing, not semantic quality, is under test.</summary>
internal sealed partial class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int Dimensions = 128;
    private readonly EmbeddingGeneratorMetadata metadata = new("test-hashing", null, "test-hashing-128", Dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(metadata) ? metadata : null;

    public void Dispose()
    {
    }

    private static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        vector[0] = 0.1f;
        foreach (Match word in Word().Matches(text.ToLowerInvariant()))
        {
            vector[XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(word.Value)) % Dimensions] += 1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
