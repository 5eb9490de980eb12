using System.Diagnostics;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>Grounding for models and agents: embeds the question and runs the hybrid (BM25 + vector, RRF) search.</summary>
public sealed class KnowledgeRetriever(
    IKnowledgeStore store,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<KnowledgeOptions> options)
{
    /// <summary>The best <paramref name="top"/> chunks for <paramref name="query"/>, visible to <paramref name="tenant"/> (null: shared knowledge only).</summary>
    public async Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string query, int top, string? tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Value;
        top = Math.Clamp(top, 1, settings.MaxResults);
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        // The query text itself is never put on the span: it may carry personal data.
        using var activity = PlatformTelemetry.Source.StartActivity("retrieve knowledge", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "retrieve");
        activity?.SetTag("db.system.name", "sqlite");
        var vector = await embeddings.GenerateVectorAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        var hits = await store.SearchAsync(
            new KnowledgeQuery(query, vector.ToArray(), top, tenant, MinQuality: settings.MinQualityScore),
            cancellationToken).ConfigureAwait(false);
        activity?.SetTag("ainative.retrieval.hits", hits.Count);
        return hits;
    }
}
