using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Telemetry;
using AiNative.Testing;
using Azure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AiNative.Platform.Tests.Telemetry;

/// <summary>Exporters chosen by configuration: OTLP to a loopback collector, Entra ID for Azure Monitor, the approval decorator.</summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task Exports_platform_spans_over_otlp_when_the_endpoint_is_configured()
    {
        // Arrange: a loopback OTLP/HTTP collector that keeps what it receives.
        await using var collector = await LoopbackHttpServer.StartAsync(app => app.MapPost("/v1/{signal}", () => Results.Ok()));
        var endpoint = collector.Url("");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "otlp-export-test",
        }).Build();
        // Hosts register their configuration; the OTLP exporter reads its OTEL_* settings from it.
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddAiNativeTelemetry(configuration, "unused-default");
        await using var provider = services.BuildServiceProvider();
        var tracer = provider.GetRequiredService<TracerProvider>();
        var spanName = "otlp-probe-" + Guid.NewGuid().ToString("n");

        // Act
        using (PlatformTelemetry.Source.StartActivity(spanName))
        {
        }

        // The exporter retries transient failures in the background: poll for the arrival instead of trusting one flush.
        var flushed = tracer.ForceFlush();

        // Assert: protobuf keeps strings as UTF-8, so the span and service names appear in the body.
        await Eventually.TrueAsync(
            () => Task.FromResult(collector.Requests.Any(r => r.Path == "/v1/traces"
                && r.Body.Contains(spanName, StringComparison.Ordinal)
                && r.Body.Contains("otlp-export-test", StringComparison.Ordinal))),
            $"the span at the OTLP collector (first flush completed: {flushed})");
    }

    [Fact]
    public void Uses_the_named_managed_identity_for_entra_id_ingestion()
    {
        var credential = TelemetryServiceCollectionExtensions.AzureMonitorCredential("ClientId=00000000-0000-0000-0000-000000000002;Authorization=AAD");

        Assert.IsType<ManagedIdentityCredential>(credential);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Authorization=Key")]
    public void Uses_no_credential_without_an_aad_authentication_string(string? value)
    {
        Assert.Null(TelemetryServiceCollectionExtensions.AzureMonitorCredential(value));
    }

    [Fact]
    public void Wraps_the_registered_approval_store_to_count_the_funnel()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IApprovalStore, NoApprovals>();

        services.AddAiNativeTelemetry(new ConfigurationBuilder().Build(), "test");
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InstrumentedApprovalStore>(provider.GetRequiredService<IApprovalStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IApprovalStore));
    }

    private sealed class NoApprovals : IApprovalStore
    {
        public Task CreateAsync(ApprovalRequest request, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken = default) => Task.FromResult<ApprovalRecord?>(null);

        public Task<ApprovalDecideResult> TryDecideAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ApprovalDecideResult(ApprovalDecideOutcome.NotFound, null));

        public Task<ApprovalDecideResult> CloseAsync(string approvalId, string status, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ApprovalDecideResult(ApprovalDecideOutcome.NotFound, null));

        public Task<ApprovalDecideResult> RecordVoteAsync(string approvalId, string actionHash, ApprovalDecision decision, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ApprovalDecideResult(ApprovalDecideOutcome.NotFound, null));

        public Task<ApprovalDecideResult> FinishAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ApprovalDecideResult(ApprovalDecideOutcome.NotFound, null));
    }
}
