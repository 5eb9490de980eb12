using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiNative.Platform.Telemetry;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>Ingestion spans and metrics: counts and ids only, never content or findings' values.</summary>
internal static class IngestionTelemetry
{
    public static readonly Counter<long> Documents = PlatformTelemetry.Meter.CreateCounter<long>(
        "ainative.ingest.documents", "{document}", "Documents finished by ingestion, by status.");

    public static readonly Counter<long> Chunks = PlatformTelemetry.Meter.CreateCounter<long>(
        "ainative.ingest.chunks", "{chunk}", "Chunks embedded and stored.");

    public static readonly Counter<long> PiiFindings = PlatformTelemetry.Meter.CreateCounter<long>(
        "ainative.pii.findings", "{finding}", "PII and secrets redacted from ingested documents, by entity type.");

    public static Activity? Start(string step, string documentId)
    {
        var activity = PlatformTelemetry.Source.StartActivity("ingest " + step, ActivityKind.Internal);
        activity?.SetTag("ainative.document.id", documentId);
        return activity;
    }
}
