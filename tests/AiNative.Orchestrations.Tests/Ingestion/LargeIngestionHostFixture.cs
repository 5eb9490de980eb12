using AiNative.Orchestrations.Tests.Hosting;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Tests.Ingestion;

/// <summary>
/// The durable host for documents of thousands of chunks: 100-character chunks, the default batch size (64), and a fast fake
/// embedding generator in place of MiniLM at the true boundary (the <c>IEmbeddingGenerator</c> the ingestion calls), so the
/// test measures the orchestration, not the model. Everything else (blobs on Azurite, the SQLite store) is real.
/// </summary>
public sealed class LargeIngestionHostFixture : DurableHostFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["Ingestion:ChunkSize"] = "100",
        ["Ingestion:ChunkOverlap"] = "10",
        ["Ingestion:BatchSize"] = "64",
    };

    /// <summary>The history size of every orchestration replay the worker received.</summary>
    internal HistoryRecorder History { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FastEmbeddingGenerator());
        services.ConfigureAll<GrpcDurableTaskWorkerOptions>(o => o.Interceptors.Add(History));
    }

    /// <summary>Deterministic 16-dimensional vectors from character codes: no model, microseconds per text.</summary>
    private sealed class FastEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly EmbeddingGeneratorMetadata metadata = new("fast-fake", defaultModelId: "fast-fake-16");

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var embeddings = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var value in values)
            {
                var vector = new float[16];
                for (var i = 0; i < value.Length; i++)
                {
                    vector[(value[i] + i) % 16] += 1;
                }

                embeddings.Add(new Embedding<float>(vector));
            }

            return Task.FromResult(embeddings);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata : null;

        public void Dispose()
        {
        }
    }
}
