using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.Extensions.Options;

namespace AiNative.Standalone.Queues;

/// <summary>
/// The TTL sweep for the Standalone host (the Functions app runs the same call from a timer trigger): every
/// <see cref="KnowledgeOptions.SweepInterval"/> it deletes expired chunks and marks their documents expired, then re-embeds
/// a bounded number of chunks left by an older embedding model.
/// </summary>
internal sealed partial class KnowledgeExpirySweeper(IDocumentIngestion ingestion, IOptions<KnowledgeOptions> options, TimeProvider time, ILogger<KnowledgeExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await ingestion.SweepExpiredAsync(stoppingToken);
                await ingestion.ReembedStaleChunksAsync(options.Value.ReembedChunksPerSweep, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The knowledge TTL sweep failed: {ErrorType}: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string errorType, string error);
}
