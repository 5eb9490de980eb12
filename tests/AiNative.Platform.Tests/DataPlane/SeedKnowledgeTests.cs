using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class SeedKnowledgeTests
{
    public static TheoryData<string> Documents() => [.. Directory.GetFiles(KnowledgeDirectory(), "*.md").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Seed_document_has_no_pii_findings_and_chunks_into_titled_sections(string file)
    {
        var text = File.ReadAllText(Path.Combine(KnowledgeDirectory(), file));

        var findings = RegexPiiRedactor.Detect(text);
        var chunks = new TextChunker().Chunk(text);

        Assert.Empty(findings);
        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.NotNull(c.Section));
    }

    [Fact]
    public void Seed_knowledge_has_three_to_five_documents()
    {
        Assert.InRange(Directory.GetFiles(KnowledgeDirectory(), "*.md").Length, 3, 5);
    }

    [Fact]
    public void Builds_one_markdown_message_per_seed_file_with_stable_id_and_title()
    {
        var catalog = Path.GetDirectoryName(KnowledgeDirectory())!;

        var messages = KnowledgeSeed.Messages(catalog);

        Assert.Equal(Directory.GetFiles(KnowledgeDirectory(), "*.md").Length, messages.Count);
        var refund = Assert.Single(messages, m => m.Id == "kb-refund-policy-service-outages");
        Assert.Equal(("catalog/knowledge/refund-policy-service-outages.md", "Refund policy for service outages", "text/markdown"), (refund.Source, refund.Title, refund.ContentType));
        Assert.Equal([KnowledgeSeed.Tag], refund.Tags);
        Assert.Empty(KnowledgeSeed.Messages(Path.Combine(catalog, "no-such-folder")));
    }

    private static string KnowledgeDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "catalog", "knowledge");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "AiNative.Functions.sln")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("catalog/knowledge was not found above the test output folder.");
    }
}
