using AiNative.Platform.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AiNative.Standalone.Telemetry;

/// <summary>OpenTelemetry for the Standalone host: the platform's sources plus incoming HTTP requests and the Durable Task client and worker.</summary>
public static class StandaloneTelemetryExtensions
{
    public const string ServiceName = "ainative-standalone";

    /// <summary>Adds tracing and metrics with the exporters configuration selects (see <see cref="TelemetryServiceCollectionExtensions.AddAiNativeTelemetry"/>).</summary>
    public static OpenTelemetryBuilder AddStandaloneTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAiNativeTelemetry(configuration, ServiceName)
            // ASP.NET Core's own source (.NET 9+): the HTTP request that starts a run is the parent of the client's schedule span.
            .WithTracing(t => t.AddSource("Microsoft.AspNetCore", "Microsoft.DurableTask"));
}
