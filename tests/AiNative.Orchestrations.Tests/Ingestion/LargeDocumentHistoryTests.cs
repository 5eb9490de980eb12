using System.Globalization;
using System.Text;
using AiNative.Orchestrations.Ingestion;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AiNative.Orchestrations.Tests.Ingestion;

public sealed class LargeDocumentHistoryTests(LargeIngestionHostFixture fixture, ITestOutputHelper output) : IClassFixture<LargeIngestionHostFixture>
{
    private IDocumentIngestion Ingestion => fixture.Services.GetRequiredService<IDocumentIngestion>();

    [Fact]
    public async Task Keeps_history_the_same_size_when_a_document_has_ten_thousand_chunks()
    {
        var small = await IngestAsync("history-small", paragraphs: 20);
        var large = await IngestAsync("history-large", paragraphs: 10_000);

        Assert.Equal((20, 10_000), (small.Outcome.Chunks, large.Outcome.Chunks));
        Assert.Equal(10_000, await fixture.Services.GetRequiredService<IKnowledgeStore>().CountChunksAsync("history-large"));
        // The parent makes the same calls whatever the size: one sub-orchestration stands for every batch.
        Assert.Equal(small.ParentEvents, large.ParentEvents);
        output.WriteLine($"largest replayed history: parent {small.ParentEvents} (20 chunks) vs {large.ParentEvents} (10,000 chunks); embedding {small.EmbedEvents} vs {large.EmbedEvents}");
        Assert.True(small.ParentEvents > 0, "the recorder saw the parent's replays");
        // 157 batches in executions of at most 32: each execution replays at most ~4 events per batch (scheduled, completed,
        // and the episode markers around a completion), bounded by 32 batches, whereas one execution over all 157 batches
        // would replay at least 2 × 157 = 314 events.
        var perExecutionBound = (4 * EmbedDocumentBatches.BatchesPerExecution) + 16;
        Assert.InRange(large.EmbedEvents, 1, perExecutionBound);
        Assert.InRange(small.EmbedEvents, 1, perExecutionBound);
        Assert.True(large.EmbedEvents < 2 * (10_000 / 64), $"{large.EmbedEvents} events in the largest embedding replay");
    }

    private async Task<(IngestOutcome Outcome, int ParentEvents, int EmbedEvents)> IngestAsync(string id, int paragraphs)
    {
        var document = await Ingestion.AcceptAsync(new IngestMessage { Id = id, Source = $"kb/{id}.txt", ContentType = "text/plain", Content = Paragraphs(paragraphs) });
        await fixture.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IngestDocument), document, new StartOrchestrationOptions(document.InstanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var instance = await fixture.Client.WaitForInstanceCompletionAsync(document.InstanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        return (instance.ReadOutputAs<IngestOutcome>()!, fixture.History.LargestHistory(document.InstanceId), fixture.History.LargestHistory(document.InstanceId + ":embed"));
    }

    // Paragraphs of 90-100 characters: with 100-character chunks each is exactly one chunk, and no two are alike.
    private static string Paragraphs(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"Paragraph {i:D5} explains how refund number {i * 7919 % 100_000:D5} is credited to the customer account");
            text.Append(line.PadRight(95, '.')[..95]).Append("\n\n");
        }

        return text.ToString();
    }
}
