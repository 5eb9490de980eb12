using AiNative.Orchestrations.Ingestion;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Tests.Ingestion;

public sealed class IngestDocumentTests(IngestionHostFixture fixture) : IClassFixture<IngestionHostFixture>
{
    private const string Email = "jane.doe@example.com";
    private const string Card = "4111 1111 1111 1111";

    private IDocumentIngestion Ingestion => fixture.Services.GetRequiredService<IDocumentIngestion>();

    private IKnowledgeStore Store => fixture.Services.GetRequiredService<IKnowledgeStore>();

    [Fact]
    public async Task Indexes_document_over_many_batches_and_keeps_pii_out_of_history()
    {
        var document = await Ingestion.AcceptAsync(new IngestMessage
        {
            Id = "orchestrated-policy",
            Source = "kb/orchestrated.md",
            Title = "Orchestrated policy",
            Tenant = "contoso",
            Tags = ["billing", "sla"],
            ContentType = "text/markdown",
            Content = Policy(sections: 6),
        });

        var instance = await RunAsync(document);

        var outcome = instance.ReadOutputAs<IngestOutcome>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(DocumentStates.Indexed, outcome.Status);
        Assert.True(outcome.Chunks > IngestDocument.MaxConcurrentBatches, $"{outcome.Chunks} chunks should need more than {IngestDocument.MaxConcurrentBatches} one-chunk batches");
        Assert.Equal(outcome.Chunks, await Store.CountChunksAsync("orchestrated-policy"));
        var status = await Ingestion.GetStatusAsync("orchestrated-policy");
        Assert.Equal((DocumentStates.Indexed, outcome.Chunks, outcome.ContentHash), (status!.Status, status.Chunks!.Value, status.ContentHash!));
        Assert.Contains("\"indexed\"", instance.SerializedCustomStatus, StringComparison.Ordinal);
        foreach (var recorded in new[] { instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus })
        {
            Assert.DoesNotContain(Email, recorded, StringComparison.Ordinal);
            Assert.DoesNotContain(Card, recorded, StringComparison.Ordinal);
        }

        var hits = await Store.SearchAsync(new KnowledgeQuery("refund credit approval", null, Top: 50, Tenant: "contoso"));
        var hit = Assert.Single(hits, h => h.ChunkId == "orchestrated-policy#0");
        Assert.Equal(("Orchestrated policy", "contoso", "billing,sla"), (hit.Metadata.Title, hit.Metadata.Tenant, string.Join(',', hit.Metadata.Tags)));
        Assert.All(hits, h => Assert.DoesNotContain(Email, h.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Returns_unchanged_when_new_raw_text_redacts_to_the_indexed_text()
    {
        var message = new IngestMessage { Id = "orchestrated-same", Source = "kb/same.md", ContentType = "text/markdown", Content = Policy(sections: 2) };
        var first = await RunAsync(await Ingestion.AcceptAsync(message));

        var second = await RunAsync(await Ingestion.AcceptAsync(message with { Content = message.Content!.Replace(Email, "john.roe@example.org", StringComparison.Ordinal) }));

        var indexed = first.ReadOutputAs<IngestOutcome>()!;
        var unchanged = second.ReadOutputAs<IngestOutcome>()!;
        Assert.Equal(DocumentStates.Indexed, indexed.Status);
        Assert.Equal(DocumentStates.Unchanged, unchanged.Status);
        Assert.Equal((indexed.Chunks, indexed.ContentHash), (unchanged.Chunks, unchanged.ContentHash));
        Assert.Equal(DocumentStates.Unchanged, (await Ingestion.GetStatusAsync("orchestrated-same"))!.Status);
    }

    [Fact]
    public async Task Records_failure_and_fails_when_content_is_gone()
    {
        var document = new DocumentRef("orchestrated-missing", "ingest-" + new string('0', 32), "orchestrated-missing/none", "kb/missing.md", null, null, [], "text/plain");

        var instance = await RunAsync(document);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        var status = await Ingestion.GetStatusAsync("orchestrated-missing");
        Assert.Equal(DocumentStates.Failed, status!.Status);
        Assert.StartsWith("RedactDocument: ", status.Error, StringComparison.Ordinal);
        Assert.Contains("send the document again", status.Error, StringComparison.Ordinal);
    }

    private async Task<OrchestrationMetadata> RunAsync(DocumentRef document)
    {
        var id = await fixture.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IngestDocument), document, new StartOrchestrationOptions(document.InstanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await fixture.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    private static string Policy(int sections)
    {
        var text = new System.Text.StringBuilder("# Refund policy\n\n");
        for (var s = 1; s <= sections; s++)
        {
            text.Append("## Case ").Append(s).Append("\n\n")
                .Append("Customer Jane wrote from ").Append(Email).Append(" about a refund credit for the outage. ")
                .Append("She paid with card ").Append(Card).Append(". Approval by the team lead was needed for case ").Append(s).Append(".\n\n");
        }

        return text.ToString();
    }
}
