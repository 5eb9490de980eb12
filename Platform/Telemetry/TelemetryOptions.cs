namespace AiNative.Platform.Telemetry;

/// <summary>
/// Telemetry settings (section <c>Telemetry</c>). Exporters follow the standard variables instead:
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (Azure Monitor), <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (OTLP), <c>OTEL_SERVICE_NAME</c>.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Record prompt and completion text on GenAI spans. Off by default: messages may carry personal data.</summary>
    public bool CaptureMessageContent { get; set; }

    /// <summary>Also write spans and metrics to the console (local debugging).</summary>
    public bool ConsoleExporter { get; set; }
}
