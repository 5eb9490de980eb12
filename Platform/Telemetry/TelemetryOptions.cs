namespace AiNative.Platform.Telemetry;

/// <summary>
/// Telemetry settings (section <c>Telemetry</c>). Exporters follow the standard variables:
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (Azure Monitor; with <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// <c>ClientId=...;Authorization=AAD</c> for Entra ID ingestion), <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (OTLP), <c>OTEL_SERVICE_NAME</c>.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string ApplicationInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    /// <summary>Also write spans and metrics to the console (local debugging).</summary>
    public bool ConsoleExporter { get; set; }

    /// <summary>
    /// Record prompt and completion content on GenAI spans, redacted through the platform's PII redactor
    /// (<c>Telemetry__CaptureContent</c>). Off by default: spans then carry metadata (model, tokens, timings) only.
    /// </summary>
    public bool CaptureContent { get; set; }
}
