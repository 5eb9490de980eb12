using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiNative.Platform.Telemetry;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// Retrieval relevance as metrics: hits per lookup and the best hit's fused (RRF) score. A run of empty lookups or a
/// falling top score shows stale or missing knowledge before answers get worse.
/// </summary>
internal static class RetrievalTelemetry
{
    private static readonly Histogram<int> Hits = PlatformTelemetry.Meter.CreateHistogram<int>(
        "ainative.retrieval.hits", "{hit}", "Chunks returned per knowledge lookup.");

    private static readonly Histogram<double> TopScore = PlatformTelemetry.Meter.CreateHistogram<double>(
        "ainative.retrieval.top_score", description: "Fused (reciprocal rank) score of the best chunk per lookup that found any.");

    public static void Record(Activity? span, IReadOnlyList<KnowledgeHit> hits)
    {
        var suspicious = new KeyValuePair<string, object?>("ainative.retrieval.suspicious", hits.Any(h => h.Suspicious));
        Hits.Record(hits.Count, suspicious);
        if (hits.Count > 0)
        {
            var top = hits.Max(h => h.Score);
            TopScore.Record(top, suspicious);
            span?.SetTag("ainative.retrieval.top_score", top);
        }
    }
}
