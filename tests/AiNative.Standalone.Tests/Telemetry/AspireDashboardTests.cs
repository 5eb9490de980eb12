using AiNative.Platform.Storage.Local;
using AiNative.Platform.Telemetry;
using AiNative.Standalone.Telemetry;
using AiNative.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Trace;

namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>The local viewer: the real Aspire dashboard process receives the host's spans over OTLP.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class AspireDashboardTests
{
    [Fact]
    public async Task Shows_a_platform_span_exported_over_otlp()
    {
        // Arrange: the dashboard on free loopback ports, and the hosts' telemetry pointed at it.
        await using var dashboard = await AspireDashboard.StartAsync(AzuriteLauncher.FreePort(), AzuriteLauncher.FreePort(), AzuriteLauncher.FreePort(), NullLogger.Instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryOptions.OtlpEndpointSetting] = dashboard.OtlpGrpcEndpoint.ToString(),
            [TelemetryOptions.ServiceNameSetting] = "dashboard-test",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddStandaloneTelemetry(configuration);
        await using var provider = services.BuildServiceProvider();
        var tracer = provider.GetRequiredService<TracerProvider>();
        var spanName = "dashboard-probe-" + Guid.NewGuid().ToString("n");

        // Act
        using (PlatformTelemetry.Source.StartActivity(spanName))
        {
        }

        tracer.ForceFlush();

        // Assert: the dashboard's telemetry API lists the span.
        using var http = new HttpClient();
        await Eventually.TrueAsync(
            async () => (await http.GetStringAsync(new Uri(dashboard.FrontendUrl, "/api/telemetry/traces"))).Contains(spanName, StringComparison.Ordinal),
            "the span in the Aspire dashboard");
    }

    [Fact]
    public async Task Stays_off_unless_configured()
    {
        var configuration = new ConfigurationBuilder().Build();

        var dashboard = await StandaloneTelemetryExtensions.StartDashboardIfConfiguredAsync(configuration, NullLoggerFactory.Instance);

        Assert.Null(dashboard);
        Assert.Null(configuration[TelemetryOptions.OtlpEndpointSetting]);
    }
}
