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
    public static OpenTelemetryBuilder AddStandaloneTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAiNativeTelemetry(configuration, ServiceName)
            // ASP.NET Core's own source (.NET 9+): the HTTP request that starts a run is the parent of the client's schedule span.
            .WithTracing(t => t.AddSource("Microsoft.AspNetCore", "Microsoft.DurableTask"));
}
