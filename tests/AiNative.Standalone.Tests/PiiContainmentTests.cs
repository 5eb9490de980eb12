using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace AiNative.Standalone.Tests;

/// <summary>
/// Personal data sent to an agent run and to an ingestion never lands in the real engine's orchestration history
/// (task hub tables and large-message blobs in Azurite), in stored documents or chunks, or anywhere under the data folder.
/// </summary>
[Collection(StandaloneCollection.Name)]
public sealed class PiiContainmentTests(StandaloneFixture host)
{
    // Unique values, so no other test's data can match.
    private static readonly string Tag = Guid.NewGuid().ToString("N")[..6];
    private static readonly string Email = $"pii.{Tag}@contoso-mail.example";
    private const string Phone = "(415) 555-0187";
    private const string Card = "4539 1488 0343 6467";
    private const string Ssn = "536-44-1287";
    private const string Iban = "GB33 BUKB 2020 1555 5555 55";
    private static readonly string[] Seeded = [Email, Phone, Card, Ssn, Iban, "4539148803436467", "536441287", "GB33BUKB20201555555555"];

    [Fact]
    public async Task Seeded_pii_reaches_neither_history_nor_storage_nor_the_data_folder()
    {
        var pii = $"Reach me at {Email} or {Phone}. Card {Card}, SSN {Ssn}, IBAN {Iban}.";
        var documentId = $"pii-{Tag}";

        using var run = await host.Http.PostAsJsonAsync("/api/agents/billing-resolution/runs",
            new { input = $"ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250. {pii}" });
        using var document = await host.Http.PostAsJsonAsync("/api/documents",
            new { id = documentId, source = "tickets/pii.md", title = "Ticket", contentType = "text/markdown", content = $"# Ticket\n\nThe customer wrote: {pii}\n\nRefunds are issued within five days." });
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, document.StatusCode);
        var runId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await host.WaitForJsonAsync($"/api/documents/{documentId}", d => d.GetProperty("status").GetString() is "indexed" or "failed", "the document to be indexed");
        await host.WaitForRunAsync(runId, r => r.GetProperty("customStatus").ValueKind == JsonValueKind.Object
            && r.GetProperty("customStatus").TryGetProperty("step", out var step) && step.GetString() is "awaiting_approval" or "completed"
            || r.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", "the run to reach approval");

        // The run's view (input, custom status) and the search results.
        var view = await host.Http.GetStringAsync($"/api/runs/{runId}");
        var search = await host.Http.GetStringAsync($"/api/search?q=customer+wrote+refunds&top=10");
        Assert.Contains("<EMAIL_ADDRESS>", search + view, StringComparison.Ordinal);

        // The engine's history and instances (task hub tables), every blob container (documents, chunks, large messages).
        var stored = new StringBuilder(view).Append(search);
        var tables = new TableServiceClient(host.StorageConnection);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (_, value) in entity)
                {
                    stored.Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()).Append('\n');
                }
            }
        }

        var blobs = new BlobServiceClient(host.StorageConnection);
        var history = 0;
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                stored.Append(Encoding.UTF8.GetString(content)).Append(Gunzip(content)).Append('\n');
            }
        }

        await foreach (var table in tables.QueryAsync(t => t.Name == host.TaskHub + "History"))
        {
            history++;
        }

        // Everything under the data folder: the knowledge store (SQLite), mail pickup, local secrets.
        foreach (var file in Directory.EnumerateFiles(host.DataDirectory, "*", SearchOption.AllDirectories))
        {
            stored.Append(Encoding.UTF8.GetString(await ReadSharedAsync(file))).Append('\n');
        }

        Assert.Equal(1, history);
        var everything = stored.ToString();
        Assert.Contains(runId, everything, StringComparison.Ordinal); // the scan did read the run's history
        Assert.All(Seeded, value => Assert.DoesNotContain(value, everything, StringComparison.OrdinalIgnoreCase));
    }

    private static string Gunzip(byte[] content)
    {
        if (content.Length < 2 || content[0] != 0x1f || content[1] != 0x8b)
        {
            return "";
        }

        using var input = new System.IO.Compression.GZipStream(new MemoryStream(content), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return reader.ReadToEnd();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
