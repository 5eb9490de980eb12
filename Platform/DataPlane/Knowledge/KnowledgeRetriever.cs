using System.Diagnostics;
using AiNative.Platform.Governance.Injection;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// Grounding for models and agents: embeds the question, runs the hybrid (BM25 + vector, RRF) search and scans every
/// retrieved text for prompt-injection markers (<see cref="KnowledgeHit.InjectionMarkers"/>) before it can reach a prompt.
/// </summary>
public sealed class KnowledgeRetriever(
    IKnowledgeStore store,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<KnowledgeOptions> options,
    TimeProvider time)
{
    /// <summary>The best <paramref name="top"/> chunks for <paramref name="query"/>, visible to <paramref name="tenant"/> (null: shared knowledge only).</summary>
    public Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string query, int top, string? tenant, CancellationToken cancellationToken = default) =>
        SearchAsync(query, top, new KnowledgeFilter(Tenant: tenant), cancellationToken);

    /// <summary>The best <paramref name="top"/> chunks for <paramref name="query"/> that pass <paramref name="filter"/>, each scanned for prompt injection.</summary>
    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int top, KnowledgeFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(filter);
        var settings = options.Value;
        top = Math.Clamp(top, 1, settings.MaxResults);
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        // The query text itself is never put on the span: it may carry personal data.
        using var activity = PlatformTelemetry.Source.StartActivity("retrieve knowledge", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "retrieve");
        var vector = await embeddings.GenerateVectorAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        var hits = await store.SearchAsync(
            new KnowledgeQuery(query, vector.ToArray(), top, filter.Tenant, filter.Source, settings.MinQualityScore, filter.NotBefore, time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        var scanned = hits.Select(h => h with { InjectionMarkers = Markers(h.Text) }).ToList();
        activity?.SetTag("ainative.retrieval.hits", scanned.Count);
        activity?.SetTag("ainative.retrieval.suspicious", scanned.Count(h => h.Suspicious));
        RetrievalTelemetry.Record(activity, scanned);
        return scanned;
    }

    // Retrieved text is a document channel: indirect attacks (hidden HTML, instructions to the assistant) count here.
    private static IReadOnlyList<string> Markers(string text) =>
        PromptInjectionDetector.Detect(text, InjectionChannel.Document) is { Injection: true } verdict ? verdict.Reasons : [];
}
