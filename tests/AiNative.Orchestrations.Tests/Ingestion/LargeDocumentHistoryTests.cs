using System.Globalization;
using System.Text;
using AiNative.Orchestrations.Ingestion;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Tests.Ingestion;

public sealed class LargeDocumentHistoryTests(LargeIngestionHostFixture fixture) : IClassFixture<LargeIngestionHostFixture>
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
        // 157 batches in executions of at most 32: the last execution's history is bounded by that, not by 10,000 chunks.
        var perExecutionBound = (3 * EmbedDocumentBatches.BatchesPerExecution) + 10;
        Assert.InRange(large.EmbedEvents, 1, perExecutionBound);
        Assert.InRange(small.EmbedEvents, 1, perExecutionBound);
        Assert.True(large.EmbedEvents < 10_000 / 64, $"{large.EmbedEvents} events in the last embedding execution");
    }

    private async Task<(IngestOutcome Outcome, int ParentEvents, int EmbedEvents)> IngestAsync(string id, int paragraphs)
    {
        var document = await Ingestion.AcceptAsync(new IngestMessage { Id = id, Source = $"kb/{id}.txt", ContentType = "text/plain", Content = Paragraphs(paragraphs) });
        await fixture.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IngestDocument), document, new StartOrchestrationOptions(document.InstanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var instance = await fixture.Client.WaitForInstanceCompletionAsync(document.InstanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var parent = await fixture.Client.GetOrchestrationHistoryAsync(document.InstanceId);
        var embed = await fixture.Client.GetOrchestrationHistoryAsync(document.InstanceId + ":embed");
        return (instance.ReadOutputAs<IngestOutcome>()!, parent.Count, embed.Count);
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
