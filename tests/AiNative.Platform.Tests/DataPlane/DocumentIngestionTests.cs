using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.Storage;
using AiNative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class DocumentIngestionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly string[] Pii =
    [
        "jane.doe@example.com", "415-555-0132", "4111 1111 1111 1111", "536-22-1234", "DE89 3704 0044 0532 0130 00",
        "AKIAIOSFODNN7EXAMPLE",
    ];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-ingest-" + Guid.NewGuid().ToString("N"));
    private readonly StorageAccount account = azurite.Account;
    private readonly HashingEmbeddingGenerator model = new();
    private SqliteKnowledgeStore? store;

    public void Dispose()
    {
        store?.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Chunks_by_the_documents_own_policy_and_records_it_as_lineage()
    {
        var ingestion = Create(new IngestionOptions { ChunkSize = 200, ChunkOverlap = 30, BatchSize = 50 });
        var message = new IngestMessage
        {
            Id = "policy-semantic", Source = "kb/semantic.md", ContentType = "text/markdown", Content = PolicyWithPii(sections: 4),
            Chunking = new ChunkingPolicy("semantic", "tokens", 60, 6),
        };

        var (_, manifest, status) = await RunPipelineAsync(ingestion, await ingestion.AcceptAsync(message));
        var plain = await RunPipelineAsync(ingestion, await ingestion.AcceptAsync(message with { Id = "policy-default", Source = "kb/default.md", Chunking = null }));

        Assert.Equal(DocumentStates.Indexed, status.Status);
        Assert.Equal("semantic/60t/6", manifest.Chunker);
        Assert.Equal("recursive/200/30", plain.Manifest.Chunker);
        Assert.NotEqual(manifest.ChunkCount, plain.Manifest.ChunkCount);
        var hits = await Store.SearchAsync(new KnowledgeQuery("refund approval credit", null, Top: 100));
        Assert.All(hits.Where(h => h.ParentDocId == "policy-semantic"), h => Assert.Equal("semantic/60t/6", h.Metadata.Chunker));
        await Assert.ThrowsAsync<IngestValidationException>(() => ingestion.AcceptAsync(message with { Chunking = new ChunkingPolicy("sliding") }));
    }

    [Fact]
    public async Task Indexes_redacted_chunks_and_keeps_no_raw_pii_when_ingesting_a_document()
    {
        var ingestion = Create(new IngestionOptions { ChunkSize = 200, ChunkOverlap = 30, BatchSize = 3 });
        var message = new IngestMessage { Id = "e2e-policy", Source = "kb/e2e.md", Title = "Refund policy", ContentType = "text/markdown", Tags = ["billing"], Content = PolicyWithPii(sections: 6) };

        var document = await ingestion.AcceptAsync(message);
        var queued = await ingestion.GetStatusAsync(document.DocumentId);
        var (redacted, manifest, status) = await RunPipelineAsync(ingestion, document);

        Assert.Equal(DocumentStates.Queued, queued!.Status);
        Assert.Equal(DocumentStates.Indexed, status.Status);
        Assert.True(manifest.BatchCount > 1, "the test needs several batches");
        Assert.Equal(Pii.Length * 6, redacted.PiiFindings);
        Assert.Equal(await Store.CountChunksAsync("e2e-policy"), status.Chunks);
        Assert.Equal(redacted.ContentHash, status.ContentHash);

        var hits = await Store.SearchAsync(new KnowledgeQuery("refund approval credit", null, Top: 50));
        var mine = hits.Where(h => h.ParentDocId == "e2e-policy").ToList();
        Assert.Equal(status.Chunks, mine.Count);
        Assert.All(mine, h =>
        {
            Assert.All(Pii, value => Assert.DoesNotContain(value, h.Text, StringComparison.Ordinal));
            Assert.Matches(@"^e2e-policy#\d+$", h.ChunkId);
            Assert.Equal(("kb/e2e.md", "Refund policy", RegexPiiRedactor.Policy, "recursive/200/30", HashingEmbeddingGenerator.ModelId),
                (h.Metadata.Source, h.Metadata.Title, h.Metadata.RedactionPolicy, h.Metadata.Chunker, h.Metadata.EmbeddingModel));
            Assert.Equal(["billing"], h.Metadata.Tags);
            Assert.StartsWith("Refund policy", h.Metadata.Section, StringComparison.Ordinal);
        });
        Assert.Contains(mine, h => h.Text.Contains("<EMAIL_ADDRESS>", StringComparison.Ordinal));

        var blobs = await ReadBlobsAsync("e2e-policy/");
        Assert.DoesNotContain(blobs, b => b.Container == DocumentIngestion.StagingContainer);
        Assert.DoesNotContain(blobs, b => b.Container == DocumentIngestion.ChunksContainer);
        var stored = Assert.Single(blobs);
        Assert.Equal(DocumentIngestion.DocumentsContainer, stored.Container);
        Assert.All(Pii, value => Assert.DoesNotContain(value, stored.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answers_support_questions_from_the_seed_knowledge_when_using_the_real_model()
    {
        using var miniLm = new MiniLmEmbeddingGenerator();
        var ingestion = Create(embeddings: miniLm);
        foreach (var message in KnowledgeSeed.Messages(TestConfiguration.CatalogDirectory))
        {
            await RunPipelineAsync(ingestion, await ingestion.AcceptAsync(message));
        }

        var retriever = new KnowledgeRetriever(Store, miniLm, Options.Create(new KnowledgeOptions()), TimeProvider.System);
        // Each answer is identified by a phrase of the passage that answers it.
        (string Question, string Document, string Answer)[] questions =
        [
            ("The service was down for about ten hours this month, how much credit does the customer get?", "kb-refund-policy-service-outages", "7.2 hours to 36 hours | 25%"),
            ("Who has to approve a credit of $2,500?", "kb-refund-policy-service-outages", "need approval from the billing manager"),
            ("A customer was charged twice for the same invoice", "kb-duplicate-charge-handling", "Refund the later payment in full"),
            ("Is there a refund if I cancel my annual plan after two weeks?", "kb-billing-faq", "Annual plans cancelled within 30 days of purchase are refunded in full"),
        ];

        foreach (var (question, document, answer) in questions)
        {
            var hits = await retriever.RetrieveAsync(question, 3, tenant: null);

            Assert.True(hits.Any(h => h.ParentDocId == document && h.Text.Contains(answer, StringComparison.Ordinal)),
                $"'{question}' found: " + string.Join(" | ", hits.Select(h => $"{h.ParentDocId} [{h.Metadata.Section}] k{h.KeywordRank} v{h.VectorRank}")));
        }
    }

    [Fact]
    public async Task Returns_same_ref_and_stages_once_when_accepting_twice()
    {
        var ingestion = Create();
        var message = new IngestMessage { Source = "kb/twice.txt", Content = "A short note about duplicate charges and refunds for customers." };

        var first = await ingestion.AcceptAsync(message);
        var second = await ingestion.AcceptAsync(message);

        Assert.Equal(first with { Tags = [] }, second with { Tags = [] });
        Assert.False(second.AlreadyIngested);
        Assert.Matches("^doc-[0-9a-f]{16}$", first.DocumentId);
        Assert.Equal("doc-" + DocumentIds.Sha256Hex("kb/twice.txt")[..16], first.DocumentId);
        Assert.Matches("^ingest-[0-9a-f]{32}$", first.InstanceId);
        Assert.Equal($"{first.DocumentId}/{first.InstanceId["ingest-".Length..]}", first.StagedBlob);
        Assert.Equal("text/plain", first.ContentType);
        Assert.Single(await ReadBlobsAsync(first.DocumentId + "/"));
    }

    [Fact]
    public async Task Marks_unchanged_and_stages_nothing_when_the_same_content_comes_again()
    {
        var ingestion = Create(new IngestionOptions { ChunkSize = 200, ChunkOverlap = 20 });
        var message = new IngestMessage { Id = "same-again", Source = "kb/same.md", ContentType = "text/markdown", Content = PolicyWithPii(sections: 2) };
        var (_, _, indexed) = await RunPipelineAsync(ingestion, await ingestion.AcceptAsync(message));

        // The same version again: nothing to do, so no raw content is staged.
        var repeat = await ingestion.AcceptAsync(message);
        var stagedAfterRepeat = await ReadBlobsAsync("same-again/");
        var statusAfterRepeat = await ingestion.GetStatusAsync("same-again");

        // Same text with different PII redacts to the same text: a new version, yet unchanged once redacted.
        var again = await ingestion.AcceptAsync(message with { Content = message.Content!.Replace("jane.doe@example.com", "john.roe@example.org", StringComparison.Ordinal) });
        var redacted = await ingestion.RedactAsync(again);
        var dedupe = await ingestion.CheckDuplicateAsync(redacted);
        var unchanged = await ingestion.MarkUnchangedAsync(again, redacted);

        Assert.Equal(indexed.InstanceId, repeat.InstanceId);
        Assert.True(repeat.AlreadyIngested);
        Assert.Equal(DocumentStates.Indexed, statusAfterRepeat!.Status);
        Assert.Single(stagedAfterRepeat);
        Assert.Equal(DocumentIngestion.DocumentsContainer, stagedAfterRepeat[0].Container);
        Assert.NotEqual(repeat.InstanceId, again.InstanceId);
        Assert.True(dedupe.Unchanged);
        Assert.Equal(indexed.ContentHash, dedupe.PreviousHash);
        Assert.Equal(DocumentStates.Unchanged, unchanged.Status);
        Assert.Equal(indexed.Chunks, unchanged.Chunks);
        Assert.Equal(indexed.ContentHash, unchanged.ContentHash);
        var blobs = await ReadBlobsAsync("same-again/");
        Assert.Equal(stagedAfterRepeat[0].Name, Assert.Single(blobs).Name);

        // Running a finished version again (e.g. a restarted orchestration) is harmless: unchanged, not failed.
        var rerun = await ingestion.RedactAsync(again);
        Assert.Equal(redacted.ContentHash, rerun.ContentHash);
        Assert.True((await ingestion.CheckDuplicateAsync(rerun)).Unchanged);
        Assert.Equal(DocumentStates.Unchanged, (await ingestion.MarkUnchangedAsync(again, rerun)).Status);
        Assert.Single(await ReadBlobsAsync("same-again/"));
    }

    [Fact]
    public async Task Removes_old_chunks_when_a_shorter_version_is_ingested()
    {
        var ingestion = Create(new IngestionOptions { ChunkSize = 200, ChunkOverlap = 20, BatchSize = 2 });
        var message = new IngestMessage { Id = "shrinking", Source = "kb/shrinking.md", ContentType = "text/markdown", Content = PolicyWithPii(sections: 6) };
        var (_, _, before) = await RunPipelineAsync(ingestion, await ingestion.AcceptAsync(message));

        var shorter = message with { Content = "# Refund policy\n\nOutage credits are now handled by the billing team within five business days." };
        var second = await ingestion.AcceptAsync(shorter);
        var redacted = await ingestion.RedactAsync(second);
        var dedupe = await ingestion.CheckDuplicateAsync(redacted);
        var (_, _, after) = await RunPipelineAsync(ingestion, second, redacted);

        Assert.False(dedupe.Unchanged);
        Assert.Equal(before.ContentHash, dedupe.PreviousHash);
        Assert.True(before.Chunks > 3);
        Assert.Equal(1, after.Chunks);
        Assert.Equal(1, await Store.CountChunksAsync("shrinking"));
        var hit = Assert.Single(await Store.SearchAsync(new KnowledgeQuery("refund outage credits billing approval", null, Top: 50)), h => h.ParentDocId == "shrinking");
        Assert.Contains("five business days", hit.Text, StringComparison.Ordinal);
        Assert.Single(await ReadBlobsAsync("shrinking/"));
    }

    [Fact]
    public async Task Stores_nothing_and_reports_superseded_when_a_newer_version_was_accepted_meanwhile()
    {
        var ingestion = Create(new IngestionOptions { ChunkSize = 200, ChunkOverlap = 20 });
        var message = new IngestMessage { Id = "racing", Source = "kb/racing.md", ContentType = "text/markdown", Content = PolicyWithPii(sections: 4) };
        var older = await ingestion.AcceptAsync(message);
        var newer = await ingestion.AcceptAsync(message with { Content = "# Refund policy\n\nThe newest text: credits are approved by the billing team." });

        var (_, _, newest) = await RunPipelineAsync(ingestion, newer);
        var olderRedacted = await ingestion.RedactAsync(older);
        var olderManifest = await ingestion.ChunkAsync(older, olderRedacted);
        var stored = await ingestion.EmbedAndStoreAsync(new ChunkBatch(older, olderRedacted, olderManifest, 0));
        var outcome = await ingestion.CompleteAsync(older, olderRedacted, olderManifest);
        var failed = await ingestion.FailAsync(older, "late failure of the older version");

        Assert.Equal(0, stored);
        Assert.Equal((DocumentStates.Superseded, 0), (outcome.Status, outcome.Chunks!.Value));
        Assert.Equal(DocumentStates.Indexed, failed.Status);
        var status = await ingestion.GetStatusAsync("racing");
        Assert.Equal((DocumentStates.Indexed, newer.InstanceId, newest.ContentHash), (status!.Status, status.InstanceId, status.ContentHash));
        Assert.Equal(1, await Store.CountChunksAsync("racing"));
        Assert.DoesNotContain(await ReadBlobsAsync("racing/"), b => b.Container != DocumentIngestion.DocumentsContainer);
    }

    [Fact]
    public async Task Reindexes_when_only_metadata_changes()
    {
        var ingestion = Create();
        var message = new IngestMessage { Id = "retitled", Source = "kb/retitled.txt", Title = "Old title", Content = "Goodwill credits are limited to ten percent of one monthly fee per quarter." };
        await RunPipelineAsync(ingestion, await ingestion.AcceptAsync(message));

        var document = await ingestion.AcceptAsync(message with { Title = "New title" });
        var dedupe = await ingestion.CheckDuplicateAsync(await ingestion.RedactAsync(document));

        Assert.False(dedupe.Unchanged, $"previous hash {dedupe.PreviousHash}");
    }

    [Fact]
    public async Task Drops_duplicate_chunks_and_scores_low_information_ones_when_storing()
    {
        var ingestion = Create(new IngestionOptions { ChunkSize = 100, ChunkOverlap = 0, BatchSize = 2 });
        const string paragraph = "Duplicate charges are refunded in full to the original payment method within ten days.";
        var content = $"{paragraph}\n\n---- | ---- | ----\n\n{paragraph}\n\nChargebacks go to billing operations, never refund them twice.";
        var document = await ingestion.AcceptAsync(new IngestMessage { Id = "dupes", Source = "kb/dupes.txt", Content = content });

        var (_, manifest, status) = await RunPipelineAsync(ingestion, document);

        var hits = (await Store.SearchAsync(new KnowledgeQuery("", new float[256].Select((_, i) => i == 0 ? 1f : 0.01f).ToArray(), Top: 50)))
            .Where(h => h.ParentDocId == "dupes").ToList();
        Assert.True(status.Chunks < manifest.ChunkCount, $"{status.Chunks} stored of {manifest.ChunkCount}");
        Assert.Equal(hits.Count, hits.Select(h => h.Text).Distinct().Count());
        Assert.Contains(hits, h => h.Metadata.QualityScore < 0.2);
        Assert.Contains(hits, h => h.Metadata.QualityScore > 0.5);
    }

    [Fact]
    public async Task Returns_same_redaction_when_staged_content_is_already_gone()
    {
        var ingestion = Create();
        var document = await ingestion.AcceptAsync(new IngestMessage { Id = "redact-twice", Source = "s", Content = "Reach jane.doe@example.com about the refund of the duplicate charge." });

        var first = await ingestion.RedactAsync(document);
        var second = await ingestion.RedactAsync(document);

        Assert.Equal(first, second);
        Assert.Equal(1, first.PiiFindings);
    }

    [Fact]
    public async Task Records_failure_and_deletes_raw_content_when_failing()
    {
        var ingestion = Create();
        var document = await ingestion.AcceptAsync(new IngestMessage { Id = "failing", Source = "s", Content = "Card 4111 1111 1111 1111 charged twice." });

        var status = await ingestion.FailAsync(document, "EmbedAndStoreChunks: embedding endpoint returned 503");

        Assert.Equal((DocumentStates.Failed, "EmbedAndStoreChunks: embedding endpoint returned 503"), (status.Status, status.Error));
        Assert.Empty(await ReadBlobsAsync("failing/"));
        await Assert.ThrowsAsync<IngestContentMissingException>(() => ingestion.RedactAsync(document));
    }

    [Fact]
    public async Task Normalises_ids_and_returns_null_for_unknown_documents()
    {
        var ingestion = Create();

        var document = await ingestion.AcceptAsync(new IngestMessage { Id = "  My Doc/Ü 1  ", Source = "s", Content = "Some billing content of reasonable length." });

        Assert.Equal("my-doc-1", document.DocumentId);
        Assert.Equal("s", document.Source);
        Assert.NotNull(await ingestion.GetStatusAsync("My Doc/Ü 1"));
        Assert.Null(await ingestion.GetStatusAsync("never-seen"));
    }

    [Theory]
    [InlineData(null, "kb/x", "text/plain", null, "Content")]
    [InlineData("both", "kb/x", "text/plain", "staged/x", "Content")]
    [InlineData("   ", "kb/x", "text/plain", null, "Content")]
    [InlineData("text", null, "text/plain", null, "Source")]
    [InlineData("text", "kb/x", "application/msword", null, "ContentType")]
    [InlineData("text", "kb/x", "application/pdf", null, "ContentEncoding")]
    [InlineData(null, "kb/x", "text/plain", "missing/blob", "StagedBlob")]
    [InlineData("this content is longer than the configured limit", "kb/x", "text/plain", null, "Content")]
    public async Task Names_the_field_when_the_message_is_invalid(string? content, string? source, string contentType, string? staged, string field)
    {
        var ingestion = Create(new IngestionOptions { MaxDocumentBytes = 40 });

        var error = await Assert.ThrowsAsync<IngestValidationException>(() => ingestion.AcceptAsync(
            new IngestMessage { Source = source, Content = content, ContentType = contentType, StagedBlob = staged }));

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_the_id_when_it_has_no_usable_character()
    {
        var error = await Assert.ThrowsAsync<IngestValidationException>(() => Create().AcceptAsync(new IngestMessage { Id = "!!!", Content = "text" }));

        Assert.Equal("Id", error.Field);
    }

    [Fact]
    public async Task Ingests_content_staged_by_the_platform()
    {
        var ingestion = Create();
        var staging = await account.ContainerAsync(DocumentIngestion.StagingContainer);
        await staging.UploadBlobAsync("uploads/staged-1", BinaryData.FromString("Invoices are e-mailed to jane.doe@example.com on the first day of the month."));

        var document = await ingestion.AcceptAsync(new IngestMessage { Id = "staged-1", Source = "upload", StagedBlob = "ingest-staging/uploads/staged-1" });
        var (redacted, _, status) = await RunPipelineAsync(ingestion, document);

        Assert.Equal("uploads/staged-1", document.StagedBlob);
        Assert.Equal(DocumentStates.Indexed, status.Status);
        Assert.Equal(1, redacted.PiiFindings);
        Assert.False((await staging.GetBlobClient("uploads/staged-1").ExistsAsync()).Value);
    }

    [Fact]
    public async Task Expires_chunks_on_time_and_indexes_again_when_the_ttl_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        var ingestion = Create(clock: clock);
        var message = new IngestMessage { Id = "ttl-promo", Source = "kb/promo.md", Ttl = "PT1H", Content = "The autumn promotion gives 20% off renewals signed this week." };
        var document = await ingestion.AcceptAsync(message);
        await RunPipelineAsync(ingestion, document);
        var query = new KnowledgeQuery("autumn promotion renewals", null, Top: 5);

        var before = await Store.SearchAsync(query with { Now = clock.GetUtcNow().AddMinutes(59) });
        var after = await Store.SearchAsync(query with { Now = clock.GetUtcNow().AddMinutes(60) });
        var sweptEarly = await ingestion.SweepExpiredAsync();
        clock.Advance(TimeSpan.FromMinutes(61));
        var swept = await ingestion.SweepExpiredAsync();

        Assert.Contains(before, h => h.ParentDocId == "ttl-promo");
        Assert.Equal(clock.Start.AddHours(1), before.First(h => h.ParentDocId == "ttl-promo").Metadata.ExpiresAt);
        Assert.DoesNotContain(after, h => h.ParentDocId == "ttl-promo");
        Assert.Empty(sweptEarly);
        Assert.Equal(["ttl-promo"], swept);
        Assert.Equal(0, await Store.CountChunksAsync("ttl-promo"));
        Assert.Equal(DocumentStates.Expired, (await ingestion.GetStatusAsync("ttl-promo"))!.Status);

        var again = await ingestion.AcceptAsync(message with { Ttl = null });
        var (_, _, status) = await RunPipelineAsync(ingestion, again);

        Assert.False(again.AlreadyIngested);
        Assert.Equal(DocumentStates.Indexed, status.Status);
        Assert.True(await Store.CountChunksAsync("ttl-promo") > 0);
    }

    [Fact]
    public async Task Re_embeds_only_the_chunks_of_an_older_model_when_the_embedding_model_changes()
    {
        var v2 = new HashingEmbeddingGenerator(128, "test-hashing-128-v2");
        var old = Create();
        var current = Create(embeddings: v2);
        await RunPipelineAsync(old, await old.AcceptAsync(new IngestMessage { Id = "reembed-old", Source = "kb/old.md", ContentType = "text/markdown", Content = PolicyWithPii(sections: 3) }));
        await RunPipelineAsync(current, await current.AcceptAsync(new IngestMessage { Id = "reembed-new", Source = "kb/new.md", Content = "Invoices are issued on the first day of the month." }));
        var oldChunks = await Store.CountChunksAsync("reembed-old");
        var embeddedBefore = v2.Texts;

        var reembedded = await current.ReembedStaleChunksAsync(maxChunks: 10_000);
        var again = await current.ReembedStaleChunksAsync(maxChunks: 10_000);

        Assert.Equal(oldChunks, reembedded);
        Assert.Equal(oldChunks, v2.Texts - embeddedBefore);
        Assert.Equal(0, again);
        Assert.Empty(await Store.ListStaleChunksAsync("test-hashing-128-v2", 10));
        var hits = await Store.SearchAsync(new KnowledgeQuery("", (await v2.GenerateVectorAsync("Case 2 refund credit approval")).ToArray(), Top: 50));
        Assert.Equal(oldChunks, hits.Count(h => h.ParentDocId == "reembed-old"));
        Assert.All(hits, h => Assert.Equal("test-hashing-128-v2", h.Metadata.EmbeddingModel));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("-PT1H")]
    [InlineData("00:00:00")]
    public async Task Names_the_ttl_when_it_is_not_a_positive_duration(string ttl)
    {
        var error = await Assert.ThrowsAsync<IngestValidationException>(() =>
            Create().AcceptAsync(new IngestMessage { Id = "ttl-bad", Source = "kb/x", Content = "text", Ttl = ttl }));

        Assert.Equal(nameof(IngestMessage.Ttl), error.Field);
    }

    private SqliteKnowledgeStore Store => store ??= new SqliteKnowledgeStore(Path.Combine(directory, "knowledge", "knowledge.db"));

    private DocumentIngestion Create(IngestionOptions? options = null, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, FakeTimeProvider? clock = null)
    {
        options ??= new IngestionOptions();
        return new DocumentIngestion(account, new RegexPiiRedactor(), new TextChunker(options.ChunkingStrategy, options.ChunkSize, options.ChunkOverlap),
            Store, embeddings ?? model, Options.Create(options), clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero)),
            NullLogger<DocumentIngestion>.Instance, new DocumentSourceReader(new LoopbackHttpClientFactory(), account, Options.Create(options)));
    }

    /// <summary>The orchestration's steps, in order, without the durable engine.</summary>
    private static async Task<(RedactedDocument Redacted, ChunkManifest Manifest, DocumentStatus Status)> RunPipelineAsync(
        DocumentIngestion ingestion, DocumentRef document, RedactedDocument? redacted = null)
    {
        redacted ??= await ingestion.RedactAsync(document);
        var manifest = await ingestion.ChunkAsync(document, redacted);
        var stored = 0;
        for (var batch = 0; batch < manifest.BatchCount; batch++)
        {
            stored += await ingestion.EmbedAndStoreAsync(new ChunkBatch(document, redacted, manifest, batch));
        }

        var status = await ingestion.CompleteAsync(document, redacted, manifest);
        Assert.Equal(stored, status.Chunks);
        return (redacted, manifest, status);
    }

    private async Task<List<(string Container, string Name, string Text)>> ReadBlobsAsync(string prefix)
    {
        var blobs = new List<(string, string, string)>();
        foreach (var name in new[] { DocumentIngestion.StagingContainer, DocumentIngestion.DocumentsContainer, DocumentIngestion.ChunksContainer })
        {
            var container = await account.ContainerAsync(name);
            await foreach (var item in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
            {
                blobs.Add((name, item.Name, (await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString()));
            }
        }

        return blobs;
    }

    private static string PolicyWithPii(int sections)
    {
        var text = new System.Text.StringBuilder("# Refund policy\n\n");
        for (var s = 1; s <= sections; s++)
        {
            text.Append("## Case ").Append(s).Append("\n\n")
                .Append("Customer Jane wrote from jane.doe@example.com and called 415-555-0132 about a refund credit. ")
                .Append("She paid with card 4111 1111 1111 1111, SSN 536-22-1234, IBAN DE89 3704 0044 0532 0130 00. ")
                .Append("A leaked key AKIAIOSFODNN7EXAMPLE was rotated. Approval by the team lead was needed for case ").Append(s).Append(".\n\n");
        }

        return text.ToString();
    }
}
