using System.Diagnostics;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AiNative.Standalone.Telemetry;

/// <summary>OpenTelemetry for the Standalone host: the platform's sources plus incoming HTTP requests and the Durable Task client and worker.</summary>
public static class StandaloneTelemetryExtensions
{
    public const string ServiceName = "ainative-standalone";

    /// <summary>Setting that starts the local Aspire dashboard (Standalone only): <c>Telemetry__Dashboard=true</c>.</summary>
    public const string DashboardSetting = "Telemetry:Dashboard";

    /// <summary>
    /// Starts the Aspire dashboard on 127.0.0.1 (UI 18888, OTLP 4317/4318) when <c>Telemetry__Dashboard</c> is true,
    /// and points the OTLP exporter at it unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is already set. Null when off.
    /// </summary>
    public static async Task<AspireDashboard?> StartDashboardIfConfiguredAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (!configuration.GetValue(DashboardSetting, false))
        {
            return null;
        }

        var dashboard = await AspireDashboard.StartAsync(18888, 4317, 4318, loggerFactory.CreateLogger<AspireDashboard>(), cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(configuration[TelemetryOptions.OtlpEndpointSetting]))
        {
            configuration[TelemetryOptions.OtlpEndpointSetting] = dashboard.OtlpGrpcEndpoint.ToString();
        }

        return dashboard;
    }

    /// <summary>Adds tracing and metrics with the exporters configuration selects (see <see cref="TelemetryServiceCollectionExtensions.AddAiNativeTelemetry"/>).</summary>
    /// <remarks>
    /// One run is one trace: the HTTP request's span is the parent of the Durable Task client's
    /// <c>create_orchestration</c> span, whose W3C trace context the engine keeps in the orchestration's history; the
    /// worker continues it for the orchestration (<c>invoke_agent {agent}</c>) and hands it to every activity.
    /// The local engine's gRPC calls are plumbing that Azure does not have: they are left out.
    /// </remarks>
    public static OpenTelemetryBuilder AddStandaloneTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAiNativeTelemetry(configuration, ServiceName)
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !IsDurableSidecarCall(context.Request.Path);
                    // The default, stated: unhandled exceptions are logged (redacted) by the exception handler. Were it on,
                    // its events would still be redacted (PiiExceptionRecorder).
                    o.RecordException = false;
                    o.EnrichWithHttpRequest = (span, request) => HideApprovalToken(span, request.Path);
                })
                .AddSource(PlatformTelemetry.DurableTaskSourceName));

    /// <summary>
    /// An approval link carries its signed token in the path, and the token authorises a decision: the span keeps the
    /// route (<c>/api/approvals/{token}</c>), never the token (the PII redactor does not know it as a secret).
    /// </summary>
    internal static void HideApprovalToken(Activity span, PathString path)
    {
        if (path.StartsWithSegments("/" + ApprovalLinks.RoutePrefix, StringComparison.OrdinalIgnoreCase, out var rest) && rest.Value is { Length: > 1 })
        {
            span.SetTag("url.path", $"/{ApprovalLinks.RoutePrefix}/{{token}}");
        }
    }

    /// <summary>Calls of the Durable Task gRPC protocol (worker and client to the local engine), not product requests.</summary>
    internal static bool IsDurableSidecarCall(PathString path) => path.StartsWithSegments("/TaskHubSidecarService", StringComparison.Ordinal);
}
