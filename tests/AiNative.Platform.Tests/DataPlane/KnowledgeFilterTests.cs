using AiNative.Platform.DataPlane.Knowledge;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class KnowledgeFilterTests
{
    [Fact]
    public void Parses_tenant_source_and_freshness_when_clauses_are_joined_by_and()
    {
        var filter = KnowledgeFilter.Parse("tenant eq 'contoso' and source eq 'it''s/fees.md' AND timestamp ge 2026-01-02T03:04:05Z");

        Assert.Equal("contoso", filter.Tenant);
        Assert.Equal("it's/fees.md", filter.Source);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), filter.NotBefore);
    }

    [Fact]
    public void Returns_no_filter_when_expression_is_blank()
    {
        Assert.Equal(KnowledgeFilter.None, KnowledgeFilter.Parse("  "));
    }

    [Theory]
    [InlineData("tenant = 'x'")]
    [InlineData("owner eq 'x'")]
    [InlineData("timestamp ge yesterday")]
    [InlineData("tenant eq 'x' or source eq 'y'")]
    public void Throws_format_exception_when_expression_is_not_supported(string expression)
    {
        Assert.Throws<FormatException>(() => KnowledgeFilter.Parse(expression));
    }

    [Fact]
    public void Writes_odata_that_keeps_shared_chunks_visible_to_a_tenant()
    {
        var filter = new KnowledgeFilter("o'neil", "a.md", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("(tenant eq 'o''neil' or tenant eq null) and source eq 'a.md' and timestamp ge 2026-01-01T00:00:00.000Z", filter.ToOData());
    }
}
