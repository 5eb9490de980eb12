using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiNative.Standalone.Tests;

/// <summary>Documents go through the ingest queue into the knowledge store; eval suites run as orchestrations.</summary>
[Collection(StandaloneCollection.Name)]
public sealed class DocumentsAndEvalsApiTests(StandaloneFixture host)
{
    [Fact]
    public async Task Posted_document_is_ingested_through_the_queue_and_reported_indexed()
    {
        var id = $"doc-{Guid.NewGuid():N}"[..20];
        var content = "# Late fees\n\nLate fees are waived once per year for customers on the Business plan. Contact billing@example.com for help.\n\nA second paragraph explains how invoices are generated on the first day of each month.";

        using var post = await host.Http.PostAsJsonAsync("/api/documents", new { id, source = "handbook/late-fees.md", title = "Late fees", content, contentType = "text/markdown" });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var accepted = await post.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, accepted.GetProperty("id").GetString());
        Assert.StartsWith("ingest-", accepted.GetProperty("instanceId").GetString(), StringComparison.Ordinal);

        var status = await host.WaitForJsonAsync($"/api/documents/{id}", d => d.GetProperty("status").GetString() is "indexed" or "failed", "the document to be indexed");
        Assert.Equal("indexed", status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("chunks").GetInt32() >= 1);
    }

    [Fact]
    public async Task Message_put_on_the_ingest_queue_in_the_functions_encoding_is_ingested()
    {
        var id = $"q-{Guid.NewGuid():N}"[..18];
        var queue = await new AiNative.Platform.Storage.StorageAccount(host.StorageConnection).QueueAsync("ingest");
        var message = JsonSerializer.Serialize(new { id, source = "queue/producer.txt", content = "Invoices are issued on the first business day of each month and are payable within thirty days." });

        // StorageAccount's queue client Base64-encodes, as the Functions queue trigger expects by default.
        await queue.SendMessageAsync(message);

        var status = await host.WaitForJsonAsync($"/api/documents/{id}", d => d.GetProperty("status").GetString() is "indexed" or "failed", "the queued document to be indexed");
        Assert.Equal("indexed", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_document_is_404()
    {
        using var response = await host.Http.GetAsync("/api/documents/doc-unknown");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Eval_suite_runs_to_a_summary_with_scores()
    {
        using var post = await host.Http.PostAsJsonAsync("/api/evals/runs", new { suite = "billing-extraction" });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var id = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var run = await host.WaitForJsonAsync($"/api/evals/runs/{id}", r => r.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", "the eval run to finish");

        Assert.Equal("Completed", run.GetProperty("runtimeStatus").GetString());
        Assert.Equal(JsonValueKind.Object, run.GetProperty("output").ValueKind);
    }
}
