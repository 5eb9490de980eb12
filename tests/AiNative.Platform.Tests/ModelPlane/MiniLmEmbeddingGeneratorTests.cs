using AiNative.Platform.ModelPlane.Embeddings;
using Microsoft.Extensions.AI;
using System.Numerics.Tensors;

namespace AiNative.Platform.Tests.ModelPlane;

public sealed class MiniLmEmbeddingGeneratorTests
{
    [Fact]
    public async Task Produces_384_dimensional_unit_vectors()
    {
        var generator = ModelPlaneTestSupport.Embeddings;

        var embeddings = await generator.GenerateAsync(["A refund was issued for the outage.", "x", ""]);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, e.Vector.Length);
            Assert.InRange(TensorPrimitives.Norm(e.Vector.Span), 0.999f, 1.001f);
            Assert.Equal("all-MiniLM-L6-v2", e.ModelId);
        });
    }

    [Fact]
    public async Task Places_a_paraphrase_closer_than_an_unrelated_sentence()
    {
        var generator = ModelPlaneTestSupport.Embeddings;

        var vectors = await generator.GenerateAsync([
            "The invoice charged us twice for the same month.",
            "We were billed two times for one billing period.",
            "The hiking trail closes at sunset in winter.",
        ]);

        var paraphrase = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(paraphrase > unrelated + 0.2f, $"paraphrase {paraphrase} vs unrelated {unrelated}");
    }

    [Fact]
    public async Task Gives_the_same_vectors_to_concurrent_callers()
    {
        var generator = ModelPlaneTestSupport.Embeddings;
        var sentence = "Concurrent calls share one ONNX session.";

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => generator.GenerateAsync([sentence, "another sentence"]))));

        Assert.All(results, r => Assert.True(r[0].Vector.Span.SequenceEqual(results[0][0].Vector.Span)));
    }

    [Fact]
    public void Reports_model_metadata()
    {
        var metadata = ModelPlaneTestSupport.Embeddings.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }
}
