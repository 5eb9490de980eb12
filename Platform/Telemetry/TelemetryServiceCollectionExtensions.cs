using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Governance.Pii;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiNative.Platform.Telemetry;

/// <summary>OpenTelemetry for a host: the platform's sources, the instance-id processor, and exporters chosen by configuration.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers tracing and metrics for the <c>AiNative</c> ActivitySource and Meter (platform spans and
    /// Microsoft.Extensions.AI GenAI spans) and instruments the approval funnel. Call after <c>AddAiNativePlatform</c>.
    /// Exporters: Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, console when <c>Telemetry__ConsoleExporter</c> is true.
    /// Prompt and completion text is not recorded unless <c>Telemetry__CaptureContent</c> is true, and then only
    /// after the PII redactor (<see cref="GenAiContentProcessor"/>).
    /// </summary>
    public static OpenTelemetryBuilder AddAiNativeTelemetry(this IServiceCollection services, IConfiguration configuration, string defaultServiceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section));
        InstrumentApprovals(services);
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.CaptureContent)
        {
            services.AddHostedService<GenAiContentCapture>();
        }

        var appInsights = configuration[TelemetryOptions.ApplicationInsightsSetting];
        var credential = AzureMonitorCredential(configuration[TelemetryOptions.ApplicationInsightsAuthenticationSetting]);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration[TelemetryOptions.ServiceNameSetting] is { Length: > 0 } name ? name : defaultServiceName))
            .WithTracing(tracing =>
            {
                // Processors before exporters: the instance id is stamped, message content cleaned (or dropped) and PII
                // redacted in place before any exporter runs (a host without the platform registered still gets the keyless redactor).
                tracing.AddSource(PlatformTelemetry.Name)
                    .AddProcessor(new OrchestrationSpanProcessor())
                    .AddProcessor(sp => new GenAiContentProcessor(sp.GetService<IPiiRedactor>(), options.CaptureContent))
                    .AddProcessor(sp => new PiiRedactingSpanProcessor(sp.GetService<IPiiRedactor>() ?? new RegexPiiRedactor()));
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(o => Configure(o, appInsights, credential));
                }

                if (options.ConsoleExporter)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithLogging(logging => logging.AddProcessor(sp => new PiiRedactingLogProcessor(sp.GetService<IPiiRedactor>() ?? new RegexPiiRedactor())))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PlatformTelemetry.Name);
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(o => Configure(o, appInsights, credential));
                }

                if (options.ConsoleExporter)
                {
                    metrics.AddConsoleExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(configuration[TelemetryOptions.OtlpEndpointSetting]))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL / _HEADERS from configuration for traces, metrics and logs.
            builder.UseOtlpExporter();
        }

        return builder;
    }

    private static void Configure(AzureMonitorExporterOptions exporter, string connectionString, TokenCredential? credential)
    {
        exporter.ConnectionString = connectionString;
        if (credential is not null)
        {
            exporter.Credential = credential;
        }
    }

    /// <summary>Entra ID ingestion (Application Insights with local auth disabled): <c>ClientId=...;Authorization=AAD</c>.</summary>
    internal static TokenCredential? AzureMonitorCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }

    private static void InstrumentApprovals(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IApprovalStore));
        if (registered is null || registered.ImplementationType == typeof(InstrumentedApprovalStore))
        {
            return;
        }

        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(IApprovalStore), sp => new InstrumentedApprovalStore(Resolve(sp, registered)), registered.Lifetime));
    }

    private static IApprovalStore Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IApprovalStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
