using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.DataPlane.Ingestion;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class ChunkingPoliciesTests
{
    private static readonly IngestionOptions Defaults = new();

    [Theory]
    [InlineData(null, null, null, null, "recursive/1000/100")]
    [InlineData("semantic", null, null, null, "semantic/1000/100")]
    [InlineData("fixed", "tokens", null, null, "fixed/500t/50")]
    [InlineData("recursive", "tokens", 256, null, "recursive/256t/25")]
    [InlineData(null, null, 800, 40, "recursive/800/40")]
    public void Builds_the_chunker_a_document_asks_for_over_the_defaults(string? strategy, string? unit, int? size, int? overlap, string id)
    {
        var chunker = ChunkingPolicies.Create(Defaults, new ChunkingPolicy(strategy, unit, size, overlap));

        Assert.Equal(id, chunker.Id);
    }

    [Fact]
    public void Uses_the_settings_when_a_document_has_no_policy()
    {
        var options = new IngestionOptions { ChunkingStrategy = ChunkingStrategy.Semantic, ChunkSizeUnit = ChunkSizeUnit.Tokens, ChunkSize = 500, ChunkOverlap = 50 };

        Assert.Equal("semantic/500t/50", ChunkingPolicies.Create(options, null).Id);
    }

    [Theory]
    [InlineData("sliding", null, null, null, "chunking.strategy")]
    [InlineData(null, "words", null, null, "chunking.unit")]
    [InlineData(null, null, 5, null, "chunking.size")]
    [InlineData(null, null, 400, 300, "chunking.overlap")]
    public void Refuses_a_bad_policy_naming_the_field(string? strategy, string? unit, int? size, int? overlap, string field)
    {
        var error = Assert.Throws<IngestValidationException>(() => ChunkingPolicies.Create(Defaults, new ChunkingPolicy(strategy, unit, size, overlap)));

        Assert.Equal(field, error.Field);
    }
}
