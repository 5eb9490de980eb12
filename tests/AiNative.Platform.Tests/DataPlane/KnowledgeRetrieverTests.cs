using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class KnowledgeRetrieverTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-retriever-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteKnowledgeStore store;

    public KnowledgeRetrieverTests()
    {
        store = new SqliteKnowledgeStore(Path.Combine(directory, "knowledge.db"));
    }

    public void Dispose()
    {
        store.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Answers_identifier_and_paraphrased_questions_when_using_the_real_model()
    {
        using var model = new MiniLmEmbeddingGenerator();
        string[] corpus =
        [
            "SLA credits: when monthly uptime drops below 99.9%, customers receive 10% of the monthly fee as a service credit.",
            "Error E-4471 means the payment processor declined the card because the billing address did not match.",
            "To reset a forgotten password, open the sign-in page and follow the link we send by e-mail.",
            "Duplicate charges: refund the later payment in full to the original payment method.",
            "Invoices are sent on the first day of each month to the billing contact of the account.",
            "Ticket INC-5521 tracks the database migration scheduled for the weekend.",
            "Our offices are closed on public holidays; support remains available by chat.",
            "Annual plans receive a 15% discount compared with twelve monthly payments.",
            "Error E-4417 means the card issuer asked for 3-D Secure authentication before the payment.",
            "The mobile app supports dark mode and offline reading of past invoices.",
        ];
        await IndexAsync(model, corpus);
        var retriever = new KnowledgeRetriever(store, model, Options.Create(new KnowledgeOptions()), TimeProvider.System);

        (string Question, int Relevant)[] questions =
        [
            ("E-4471", 1),
            ("what does error E-4417 mean", 8),
            ("status of INC-5521", 5),
            ("compensation when the service was down for hours", 0),
            ("cheaper if I pay yearly?", 7),
            ("I cannot log in anymore", 2),
        ];
        foreach (var (question, relevant) in questions)
        {
            var hits = await retriever.RetrieveAsync(question, 3, tenant: null);

            Assert.Equal($"doc-{relevant}", hits[0].ParentDocId);
            Assert.NotNull(hits[0].KeywordRank ?? hits[0].VectorRank);
        }
    }

    [Fact]
    public async Task Hides_other_tenants_and_low_quality_chunks_when_retrieving()
    {
        var model = new HashingEmbeddingGenerator();
        await IndexAsync(model, ["refund policy for outages shared"], tenant: null, prefix: "shared");
        await IndexAsync(model, ["refund policy for outages contoso"], tenant: "contoso", prefix: "contoso");
        await IndexAsync(model, ["refund policy for outages fabrikam"], tenant: "fabrikam", prefix: "fabrikam");
        await IndexAsync(model, ["refund policy footer"], tenant: null, prefix: "footer", quality: 0.1);
        var retriever = new KnowledgeRetriever(store, model, Options.Create(new KnowledgeOptions { MinQualityScore = 0.2 }), TimeProvider.System);

        var callsBefore = model.Calls;

        var hits = await retriever.RetrieveAsync("refund policy outages", 10, "contoso");

        Assert.Equal(["contoso-0", "shared-0"], hits.Select(h => h.ParentDocId).Order());
        Assert.Equal(callsBefore + 1, model.Calls);
    }

    [Fact]
    public async Task Returns_nothing_without_embedding_when_question_is_blank()
    {
        var model = new HashingEmbeddingGenerator();
        var retriever = new KnowledgeRetriever(store, model, Options.Create(new KnowledgeOptions()), TimeProvider.System);

        var hits = await retriever.RetrieveAsync("  ", 5, null);

        Assert.Empty(hits);
        Assert.Equal(0, model.Calls);
    }

    private async Task IndexAsync(IEmbeddingGenerator<string, Embedding<float>> model, string[] texts, string? tenant = null, string prefix = "doc", double quality = 0.9)
    {
        var vectors = await model.GenerateAsync(texts);
        await store.UpsertChunksAsync([.. texts.Select((text, i) => new KnowledgeChunk($"{prefix}-{i}#0", $"{prefix}-{i}", 0, text, vectors[i].Vector.ToArray(),
            new ChunkMetadata("kb/test.md", null, tenant, Now, quality, "pii-regex/1.0.0", "recursive/1000/100", "m", [])))]);
    }
}
