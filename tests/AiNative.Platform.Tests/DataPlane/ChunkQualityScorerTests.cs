using AiNative.Platform.DataPlane.Ingestion;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class ChunkQualityScorerTests
{
    [Theory]
    [InlineData("See above.")]
    [InlineData("---- | ---- | ---- | ---- | ----")]
    [InlineData("Copyright 2026 Contoso Ltd. All rights reserved. Privacy | Terms of use |")]
    [InlineData("Page 3 of 7")]
    [InlineData("Click here to unsubscribe from these e-mails.")]
    [InlineData("refund refund refund refund refund refund refund refund refund refund refund refund")]
    [InlineData("### *** ### *** ### *** ### *** abc def ghi jkl mno pqr stu vwx")]
    public void Scores_low_when_chunk_carries_little_information(string text)
    {
        Assert.InRange(ChunkQualityScorer.Score(text), 0.0, 0.35);
    }

    [Theory]
    [InlineData("Credits above $1,000, and any cash refund, need approval from the billing manager. The approver records the approval reference on the credit line item.")]
    [InlineData("Duplicate-charge refunds do not need a team lead's approval, whatever the amount, because no money is given away; they are still logged with the ticket number.")]
    public void Scores_high_when_chunk_is_substantive_prose(string text)
    {
        Assert.InRange(ChunkQualityScorer.Score(text), 0.6, 1.0);
    }

    [Fact]
    public void Scores_longer_substantive_chunks_at_least_as_high_as_short_ones()
    {
        const string sentence = "Support verifies the outage against the incident log before any credit is issued. ";

        Assert.True(ChunkQualityScorer.Score(sentence + sentence.Replace("outage", "incident", StringComparison.Ordinal) + "Claims outside the log are declined.") >= ChunkQualityScorer.Score(sentence));
    }
}
