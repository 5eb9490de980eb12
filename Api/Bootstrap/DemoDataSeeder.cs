using AiNative.Api.Documents;
using AiNative.Platform;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Api.Bootstrap;

/// <summary>
/// At start-up, seeds the demo billing system (idempotent) and feeds <c>catalog/knowledge/*.md</c> through the
/// normal ingestion queue (unchanged documents are skipped by dedupe). Off with <c>AiNative:SeedDemoData=false</c>.
/// </summary>
public sealed partial class DemoDataSeeder(
    IBillingSystem billing,
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
        var folder = Path.Combine(platform.Value.ResolveCatalogDirectory(), "knowledge");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            await intake.AcceptAndEnqueueAsync(
                new IngestMessage
                {
                    Id = $"kb-{name}",
                    Source = $"catalog/knowledge/{Path.GetFileName(file)}",
                    Title = name.Replace('-', ' '),
                    Content = await File.ReadAllTextAsync(file, stoppingToken).ConfigureAwait(false),
                    ContentType = "text/markdown",
                    Tags = ["knowledge-base"],
                },
                stoppingToken).ConfigureAwait(false);
        }

        LogSeeded(logger, files.Length);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo billing data seeded; {Count} knowledge documents queued for ingestion")]
    private static partial void LogSeeded(ILogger logger, int count);
}
