using System.Text;
using AiNative.Platform.AgentPlane.Approvals.Slack;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.AgentPlane.Slack;

/// <summary>Slack's v0 request signature, checked against the example in Slack's documentation.</summary>
public sealed class SlackSignatureVerifierTests
{
    // From Slack's "Verifying requests from Slack" guide.
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(1531420618).AddSeconds(30));

    private SlackSignatureVerifier Verifier(string secret = Secret) => new(Options.Create(new SlackOptions { SigningSecret = secret }), time);

    [Fact]
    public void Slacks_documented_example_verifies()
    {
        Assert.Equal(Signature, SlackSignatureVerifier.Sign(Secret, Timestamp, Body));
        Assert.Equal(SlackSignatureStatus.Valid, Verifier().Verify(Timestamp, Signature, Body));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void Timestamps_outside_five_minutes_are_stale_even_when_correctly_signed(int offsetSeconds)
    {
        var at = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1531420618).AddSeconds(offsetSeconds));
        var verifier = new SlackSignatureVerifier(Options.Create(new SlackOptions { SigningSecret = Secret }), at);

        Assert.Equal(SlackSignatureStatus.Stale, verifier.Verify(Timestamp, Signature, Body));
    }

    [Fact]
    public void Another_secret_a_changed_body_or_a_changed_timestamp_is_forged()
    {
        var changed = (byte[])Body.Clone();
        changed[^1] ^= 1;

        Assert.Equal(SlackSignatureStatus.Forged, Verifier("another-secret-entirely-0000000000").Verify(Timestamp, Signature, Body));
        Assert.Equal(SlackSignatureStatus.Forged, Verifier().Verify(Timestamp, Signature, changed));
        Assert.Equal(SlackSignatureStatus.Forged, Verifier().Verify("1531420619", Signature, Body));
        Assert.Equal(SlackSignatureStatus.Forged, Verifier().Verify(Timestamp, Signature.ToUpperInvariant(), Body));
    }

    [Theory]
    [InlineData(null, Signature)]
    [InlineData(Timestamp, null)]
    [InlineData("not-a-number", Signature)]
    [InlineData("-5", Signature)]
    public void Missing_or_malformed_headers_are_refused(string? timestamp, string? signature)
    {
        Assert.Equal(SlackSignatureStatus.Missing, Verifier().Verify(timestamp, signature, Body));
    }

    [Fact]
    public void Without_a_signing_secret_nothing_is_accepted()
    {
        Assert.Equal(SlackSignatureStatus.NotConfigured, Verifier("").Verify(Timestamp, Signature, Body));
    }
}
