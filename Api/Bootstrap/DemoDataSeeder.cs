using AiNative.Api.Documents;
using AiNative.Platform;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.AgentPlane.Operations;
using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Api.Bootstrap;

/// <summary>
/// At start-up, seeds the demo billing system and operations data (idempotent) and feeds <c>catalog/knowledge/*.md</c> through the
/// normal ingestion queue (unchanged documents are skipped by dedupe). Off with <c>AiNative:SeedDemoData=false</c>.
/// </summary>
public sealed partial class DemoDataSeeder(
    IBillingSystem billing,
    IOperationsSystem operations,
    DocumentIntake intake,
    IOptions<PlatformOptions> platform,
    IConfiguration configuration,
    ILogger<DemoDataSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("AiNative:SeedDemoData", true))
        {
            return;
        }

        await billing.SeedAsync(stoppingToken).ConfigureAwait(false);
        await operations.SeedAsync(stoppingToken).ConfigureAwait(false);
        var documents = KnowledgeSeed.Messages(platform.Value.ResolveCatalogDirectory());
        foreach (var document in documents)
        {
            await intake.AcceptAndEnqueueAsync(document, stoppingToken).ConfigureAwait(false);
        }

        LogSeeded(logger, documents.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo billing data seeded; {Count} knowledge documents queued for ingestion")]
    private static partial void LogSeeded(ILogger logger, int count);
}
