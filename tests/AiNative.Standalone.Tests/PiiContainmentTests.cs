using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiNative.Standalone.Tests.Telemetry;
using AiNative.Testing;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace AiNative.Standalone.Tests;

/// <summary>
/// Personal data sent to an agent run, to an ingestion and in a search query never lands in the real engine's
/// orchestration history (task hub tables and large-message blobs in Azurite), in stored documents or chunks, anywhere
/// under the data folder, in the telemetry the host exports over OTLP (spans, logs, metrics), or in its console output.
/// The host runs as its own process, exactly as <c>dotnet run --project Standalone</c> runs it.
/// </summary>
public sealed class PiiContainmentTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
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
    public async Task Seeded_pii_reaches_neither_history_nor_storage_nor_exported_telemetry_nor_console()
    {
        using var otlp = OtlpReceiver.Start();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));
        var taskHub = "p" + Guid.NewGuid().ToString("n")[..12];
        var settings = StandaloneFixture.Settings(azurite.ConnectionString, dataDirectory, taskHub);
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint.ToString();
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        settings["OTEL_BLRP_SCHEDULE_DELAY"] = "500";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        // Everything the host has to say, prompts and completions included: the harshest setting for containment.
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        settings["Telemetry:CaptureContent"] = "true";
        using var http = new HttpClient { BaseAddress = new Uri(settings["urls"]!) };
        using var host = StandaloneProcess.Start(settings);
        await StandaloneProcess.WaitHealthyAsync(http);

        var pii = $"Reach me at {Email} or {Phone}. Card {Card}, SSN {Ssn}, IBAN {Iban}.";
        var documentId = $"pii-{Tag}";
        using var run = await http.PostAsJsonAsync("/api/agents/billing-resolution/runs",
            new { input = $"ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250. {pii}" });
        using var document = await http.PostAsJsonAsync("/api/documents",
            new { id = documentId, source = "tickets/pii.md", title = "Ticket", contentType = "text/markdown", content = $"# Ticket\n\nThe customer wrote: {pii}\n\nRefunds are issued within five days." });
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, document.StatusCode);
        var runId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await StandaloneFixture.WaitForJsonAsync(http, $"/api/documents/{documentId}", d => d.GetProperty("status").GetString() is "indexed" or "failed", "the document to be indexed");
        await StandaloneFixture.WaitForJsonAsync(http, $"/api/runs/{runId}", r => r.GetProperty("customStatus").ValueKind == JsonValueKind.Object
            && r.GetProperty("customStatus").TryGetProperty("step", out var step) && step.GetString() is "awaiting_approval" or "completed"
            || r.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", "the run to reach approval");

        // The run's view (input, custom status) and the search results; the query itself carries an SSN and a card
        // number (characters that need no URL encoding), which the request log line and the request span would record.
        var view = await http.GetStringAsync($"/api/runs/{runId}");
        var search = await http.GetStringAsync($"/api/search?q=customer+wrote+refunds&top=10");
        using var piiQuery = await http.GetAsync($"/api/search?q={Ssn}+4539148803436467&top=1");
        Assert.Contains("<EMAIL_ADDRESS>", search + view, StringComparison.Ordinal);

        // SIGTERM: the host shuts down as in production and flushes its exporters and console.
        Assert.True(await host.StopAsync(TimeSpan.FromSeconds(60)), "the host did not stop on SIGTERM");

        // 1. Exported telemetry. The ids prove the capture works; then no seeded value may appear in any payload.
        Assert.True(otlp.Contains("traces", runId), "the exported spans do not name the run: the capture did not work");
        Assert.True(otlp.Contains("logs", documentId), "the exported logs do not name the document: the capture did not work");
        Assert.NotEmpty(otlp.Received("metrics"));
        foreach (var signal in new[] { "traces", "logs", "metrics" })
        {
            Assert.All(Seeded, value => Assert.False(otlp.Contains(signal, value), $"'{value}' was exported in {signal}"));
        }

        // The search's request line reached the logs, redacted (only telemetry redaction writes <US_SSN>: policies remove SSNs).
        Assert.True(otlp.Contains("logs", "<US_SSN>"), "the exported logs do not have the redacted search request");

        // 2. Console output (stdout and stderr).
        var console = host.Output;
        Assert.Contains(documentId, console, StringComparison.Ordinal);
        Assert.All(Seeded, value => Assert.DoesNotContain(value, console, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<US_SSN>", console, StringComparison.Ordinal);

        // 3. The engine's history and instances (task hub tables), every blob container (documents, chunks, large messages).
        var stored = new StringBuilder(view).Append(search);
        var tables = new TableServiceClient(azurite.ConnectionString);
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

        var blobs = new BlobServiceClient(azurite.ConnectionString);
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

        await foreach (var table in tables.QueryAsync(t => t.Name == taskHub + "History"))
        {
            history++;
        }

        // Everything under the data folder: the knowledge store (SQLite), mail pickup, local secrets.
        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
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
