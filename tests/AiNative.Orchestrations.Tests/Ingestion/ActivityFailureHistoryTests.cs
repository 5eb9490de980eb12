using System.Text;
using System.Text.Json;
using AiNative.Api.Runs;
using AiNative.Orchestrations.Ingestion;
using AiNative.Orchestrations.Tests.Hosting;
using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiNative.Orchestrations.Tests.Ingestion;

/// <summary>
/// The durable host where redacting a staged document fails the way a remote store might: the failure's message names a
/// person's e-mail and phone number, and its inner failure quotes a storage connection string.
/// </summary>
public sealed class FailingRedactionHostFixture : DurableHostFixture
{
    public const string Email = "jane.roe@example.com";
    public const string Phone = "(415) 555-0132";
    public const string AccountKey = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg9PQ==";

    private int redactCalls;

    /// <summary>How many times the failing activity ran (retries included).</summary>
    public int RedactCalls => Volatile.Read(ref redactCalls);

    /// <summary>The history events each instance was replayed with.</summary>
    internal HistoryRecorder History { get; } = new(keepText: true);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IDocumentIngestion>(sp =>
            new FailingRedaction(ActivatorUtilities.CreateInstance<DocumentIngestion>(sp), () => Interlocked.Increment(ref redactCalls))));
        services.ConfigureAll<GrpcDurableTaskWorkerOptions>(o => o.Interceptors.Add(History));
    }

    /// <summary>The real ingestion, except that redaction fails with personal data and a secret in its messages.</summary>
    private sealed class FailingRedaction(IDocumentIngestion inner, Action counted) : IDocumentIngestion
    {
        public Task<RedactedDocument> RedactAsync(DocumentRef document, CancellationToken cancellationToken = default)
        {
            counted();
            var storage = new IOException(
                $"Blob read failed using DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={AccountKey};EndpointSuffix=core.windows.net");
            throw new IngestContentMissingException($"Staged content of {Email} (phone {Phone}) is gone; send the document again.", storage);
        }

        public Task<DocumentRef> AcceptAsync(IngestMessage message, CancellationToken cancellationToken = default) => inner.AcceptAsync(message, cancellationToken);

        public Task<DedupeResult> CheckDuplicateAsync(RedactedDocument redacted, CancellationToken cancellationToken = default) => inner.CheckDuplicateAsync(redacted, cancellationToken);

        public Task<ChunkManifest> ChunkAsync(DocumentRef document, RedactedDocument redacted, CancellationToken cancellationToken = default) => inner.ChunkAsync(document, redacted, cancellationToken);

        public Task<int> EmbedAndStoreAsync(ChunkBatch batch, CancellationToken cancellationToken = default) => inner.EmbedAndStoreAsync(batch, cancellationToken);

        public Task<DocumentStatus> CompleteAsync(DocumentRef document, RedactedDocument redacted, ChunkManifest manifest, CancellationToken cancellationToken = default) =>
            inner.CompleteAsync(document, redacted, manifest, cancellationToken);

        public Task<DocumentStatus> MarkUnchangedAsync(DocumentRef document, RedactedDocument redacted, CancellationToken cancellationToken = default) =>
            inner.MarkUnchangedAsync(document, redacted, cancellationToken);

        public Task<DocumentStatus> FailAsync(DocumentRef document, string error, CancellationToken cancellationToken = default) => inner.FailAsync(document, error, cancellationToken);

        public Task<DocumentStatus> RecordRejectedAsync(string documentId, string? source, string error, CancellationToken cancellationToken = default) =>
            inner.RecordRejectedAsync(documentId, source, error, cancellationToken);

        public Task<IReadOnlyList<string>> SweepExpiredAsync(CancellationToken cancellationToken = default) => inner.SweepExpiredAsync(cancellationToken);

        public Task<int> ReembedStaleChunksAsync(int maxChunks, CancellationToken cancellationToken = default) => inner.ReembedStaleChunksAsync(maxChunks, cancellationToken);

        public Task<DocumentStatus?> GetStatusAsync(string documentId, CancellationToken cancellationToken = default) => inner.GetStatusAsync(documentId, cancellationToken);
    }
}

/// <summary>
/// An activity's failure enters Durable history, the orchestration's failure details (the API's <c>failure</c>) and the
/// document status with its message and inner message PII-redacted, and keeps its type, so the retry policy's
/// <c>IsCausedBy&lt;IngestContentMissingException&gt;</c> still stops retries.
/// </summary>
public sealed class ActivityFailureHistoryTests(FailingRedactionHostFixture host) : IClassFixture<FailingRedactionHostFixture>
{
    [Fact]
    public async Task A_failed_activity_enters_history_failure_details_and_status_redacted_with_its_type_kept()
    {
        var documentId = "failing-" + Guid.NewGuid().ToString("n");
        var document = new DocumentRef(documentId, "ingest-" + Guid.NewGuid().ToString("n"), documentId + "/raw", "kb/failing.md", null, null, [], "text/plain");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IngestDocument), document, new StartOrchestrationOptions(document.InstanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var instance = await host.Client.WaitForInstanceCompletionAsync(document.InstanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        var activityFailure = instance.FailureDetails?.InnerFailure;
        Assert.NotNull(activityFailure);
        Assert.Equal(typeof(IngestContentMissingException).FullName, activityFailure.ErrorType);
        Assert.True(activityFailure.IsCausedBy<IngestContentMissingException>());
        Assert.Equal(1, host.RedactCalls); // the retry policy saw the type and did not retry
        var status = (await host.Services.GetRequiredService<IDocumentIngestion>().GetStatusAsync(documentId))!;
        Assert.Equal(DocumentStates.Failed, status.Status);

        var history = host.History.HistoryOf(document.InstanceId);
        Assert.Contains("\"errorType\": \"System.IO.IOException\", \"errorMessage\": \"Blob read failed using DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=", history, StringComparison.Ordinal); // the inner failure is recorded...
        var recorded = new Dictionary<string, string>
        {
            ["history"] = history,
            ["failure details"] = Describe(instance.FailureDetails),
            ["API view"] = JsonSerializer.Serialize(InstanceView.From(instance)),
            ["custom status"] = instance.SerializedCustomStatus ?? "",
            ["document status"] = status.Error ?? "",
        };
        string[] personal = [FailingRedactionHostFixture.Email, "555-0132", FailingRedactionHostFixture.AccountKey];
        var leaks = from place in recorded from value in personal where place.Value.Contains(value, StringComparison.Ordinal) select $"{value} in {place.Key}";
        Assert.Equal("", string.Join(", ", leaks)); // ...but no personal data or secret anywhere
        Assert.Equal("RedactDocument: Staged content of <EMAIL_ADDRESS> (phone <PHONE_NUMBER>) is gone; send the document again.", status.Error);
    }

    private static string Describe(TaskFailureDetails? failure)
    {
        var text = new StringBuilder();
        for (; failure is not null; failure = failure.InnerFailure)
        {
            text.AppendLine(failure.ErrorType).AppendLine(failure.ErrorMessage).AppendLine(failure.StackTrace);
        }

        return text.ToString();
    }
}
