using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Api.Documents;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Standalone.Tests;

/// <summary>A message that keeps failing lands on <c>ingest-poison</c> with its error, and the document's status says why.</summary>
[Collection(StandaloneCollection.Name)]
public sealed class DocumentsPoisonTests(StandaloneFixture host)
{
    [Fact]
    public async Task Moves_the_message_to_poison_and_reports_the_error_when_the_last_try_fails()
    {
        var id = $"poisoned-{Guid.NewGuid():N}"[..24];
        var text = JsonSerializer.Serialize(new { id, source = "kb/lost.md", stagedBlob = $"{id}/never-staged" }, StandaloneFixture.Json);
        var services = host.Host.App.Services;
        var intake = services.GetRequiredService<DocumentIntake>();
        var client = services.GetRequiredService<DurableTaskClient>();
        var poison = await services.GetRequiredService<StorageAccount>().QueueAsync(DocumentIntake.PoisonQueueName);

        await Assert.ThrowsAsync<IngestValidationException>(() => intake.HandleQueueMessageAsync(text, DocumentIntake.MaxDequeueCount - 1, client));
        var instance = await intake.HandleQueueMessageAsync(text, DocumentIntake.MaxDequeueCount, client);

        Assert.Null(instance);
        var status = await host.Http.GetFromJsonAsync<JsonElement>($"/api/documents/{id}");
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("never-staged", status.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("ingest-poison", status.GetProperty("error").GetString(), StringComparison.Ordinal);

        var poisoned = new List<PoisonedMessage>();
        foreach (var message in (await poison.PeekMessagesAsync(32)).Value)
        {
            poisoned.Add(JsonSerializer.Deserialize<PoisonedMessage>(message.MessageText, StandaloneFixture.Json)!);
        }

        var mine = Assert.Single(poisoned, p => p.DocumentId == id);
        Assert.Equal(text, mine.Message);
        Assert.Equal(DocumentIntake.MaxDequeueCount, mine.DequeueCount);
        Assert.Contains("never-staged", mine.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_the_unreadable_body_when_a_message_is_not_json()
    {
        var services = host.Host.App.Services;
        var intake = services.GetRequiredService<DocumentIntake>();
        var poison = await services.GetRequiredService<StorageAccount>().QueueAsync(DocumentIntake.PoisonQueueName);
        var garbage = "not json " + Guid.NewGuid().ToString("N");

        await intake.HandleQueueMessageAsync(garbage, DocumentIntake.MaxDequeueCount, services.GetRequiredService<DurableTaskClient>());

        var bodies = (await poison.PeekMessagesAsync(32)).Value.Select(m => JsonSerializer.Deserialize<PoisonedMessage>(m.MessageText, StandaloneFixture.Json)!);
        var mine = Assert.Single(bodies, b => b.Message == garbage);
        Assert.Null(mine.DocumentId);
        Assert.Contains("not valid JSON", mine.Error, StringComparison.Ordinal);
    }
}
