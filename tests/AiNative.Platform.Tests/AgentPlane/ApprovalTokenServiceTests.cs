using System.Buffers.Text;
using System.Text;
using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.AgentPlane;

public sealed class ApprovalTokenServiceTests
{
    private readonly FakeTimeProvider time = new(ApprovalSamples.Now);

    [Fact]
    public void Issued_token_validates_with_the_request_claims_and_is_deterministic()
    {
        var tokens = ApprovalSamples.Tokens(time);
        var request = ApprovalSamples.Refund("apr-1");

        var token = tokens.Issue(request);
        var again = ApprovalSamples.Tokens(time).Issue(request);
        var result = tokens.Validate(token);

        Assert.Equal(token, again);
        Assert.Equal(ApprovalTokenStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        Assert.Equal(new ApprovalTokenClaims("apr-1", "run-0001", ApprovalTokenService.ActionHash(request), request.ExpiresAt), result.Claims);
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void Bound_token_carries_the_approvers_pseudonym_never_the_address()
    {
        var tokens = ApprovalSamples.Tokens(time);

        var token = tokens.Issue(ApprovalSamples.Refund("apr-1"), " Approvers@Example.com ");
        var payload = ApprovalSamples.PayloadOf(token);

        // The token is the link's URL path, which request logs and HTTP spans record.
        Assert.DoesNotContain("@", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("example", payload, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"sub\":", payload, StringComparison.Ordinal);
        Assert.Equal(ApprovalSamples.P("approvers@example.com"), tokens.Validate(token).Claims?.Approver);
        Assert.Equal("slack:U123", tokens.Validate(tokens.Issue(ApprovalSamples.Refund("apr-1"), "slack:U123")).Claims?.Approver);
    }

    [Fact]
    public void Token_issued_with_a_clear_approver_still_validates_with_it()
    {
        var request = ApprovalSamples.Refund("apr-1");

        var result = ApprovalSamples.Tokens(time).Validate(ApprovalSamples.ClearSubjectToken(request, "approver.one@example.com"));

        Assert.Equal(ApprovalTokenStatus.Valid, result.Status);
        Assert.Equal(new ApprovalTokenClaims("apr-1", "run-0001", ApprovalTokenService.ActionHash(request), request.ExpiresAt, "approver.one@example.com"), result.Claims);
    }

    [Fact]
    public void Token_with_a_rewritten_payload_has_a_bad_signature()
    {
        var tokens = ApprovalSamples.Tokens(time);
        var token = tokens.Issue(ApprovalSamples.Refund("apr-1"));
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])).Replace("apr-1", "apr-2", StringComparison.Ordinal);
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[1];

        var result = tokens.Validate(forged);

        Assert.Equal(ApprovalTokenStatus.BadSignature, result.Status);
        Assert.Null(result.Claims);
    }

    [Fact]
    public void Token_with_a_changed_signature_has_a_bad_signature()
    {
        var tokens = ApprovalSamples.Tokens(time);
        var token = tokens.Issue(ApprovalSamples.Refund());
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var i = dot + 5;
        var tampered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];

        Assert.Equal(ApprovalTokenStatus.BadSignature, tokens.Validate(tampered).Status);
    }

    [Fact]
    public void Token_signed_with_another_key_has_a_bad_signature()
    {
        var token = ApprovalSamples.Tokens(time, "another-signing-key-that-is-at-least-32-bytes").Issue(ApprovalSamples.Refund());

        Assert.Equal(ApprovalTokenStatus.BadSignature, ApprovalSamples.Tokens(time).Validate(token).Status);
    }

    [Fact]
    public void Token_past_the_request_expiry_is_expired_with_its_claims()
    {
        var tokens = ApprovalSamples.Tokens(time);
        var request = ApprovalSamples.Refund("apr-9");
        var token = tokens.Issue(request);

        time.Advance(TimeSpan.FromHours(23.9));
        var before = tokens.Validate(token);
        time.Advance(TimeSpan.FromHours(0.1));
        var after = tokens.Validate(token);

        Assert.Equal(ApprovalTokenStatus.Valid, before.Status);
        Assert.Equal(ApprovalTokenStatus.Expired, after.Status);
        Assert.Equal("apr-9", after.Claims?.ApprovalId);
    }

    public static TheoryData<string?> MalformedTokens => new()
    {
        null,
        "",
        "no-dot-at-all",
        ".",
        "abc.",
        ".abc",
        "a.b.c",
        "!!!.###",
        "eyJhaWQiOiJ4In0.not base64",
        "eyJhaWQiOiJ4In0=.AAAA",
        new string('A', 100_000) + "." + new string('B', 100_000),
        "\u0000.\u0000",
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public void Malformed_input_is_refused_without_throwing(string? token)
    {
        var result = ApprovalSamples.Tokens(time).Validate(token);

        Assert.Equal(ApprovalTokenStatus.Malformed, result.Status);
        Assert.Null(result.Claims);
    }

    [Fact]
    public void Well_formed_token_with_random_bytes_is_refused()
    {
        var random = Base64Url.EncodeToString(new byte[40]) + "." + Base64Url.EncodeToString(new byte[32]);

        Assert.Equal(ApprovalTokenStatus.BadSignature, ApprovalSamples.Tokens(time).Validate(random).Status);
    }

    [Fact]
    public void Action_hash_binds_amount_customer_and_approval_but_not_amount_spelling()
    {
        var request = ApprovalSamples.Refund("apr-1", amount: 250m);

        var hash = ApprovalTokenService.ActionHash(request);

        Assert.Equal(hash, ApprovalTokenService.ActionHash(ApprovalSamples.Refund("apr-1", amount: 250.00m)));
        Assert.Equal(hash, ApprovalTokenService.ActionHash(request with { Context = "other context", Round = 2 }));
        Assert.NotEqual(hash, ApprovalTokenService.ActionHash(ApprovalSamples.Refund("apr-1", amount: 251m)));
        Assert.NotEqual(hash, ApprovalTokenService.ActionHash(ApprovalSamples.Refund("apr-2", amount: 250m)));
        Assert.NotEqual(hash, ApprovalTokenService.ActionHash(request with { Action = request.Action with { CustomerId = "C23456" } }));
        Assert.NotEqual(hash, ApprovalTokenService.ActionHash(request with { InstanceId = "run-0002" }));
    }

    [Fact]
    public void Token_for_a_changed_action_carries_a_different_action_hash()
    {
        var tokens = ApprovalSamples.Tokens(time);
        var original = ApprovalSamples.Refund("apr-1", amount: 250m);

        var claims = tokens.Validate(tokens.Issue(ApprovalSamples.Refund("apr-1", amount: 2500m))).Claims;

        Assert.NotEqual(ApprovalTokenService.ActionHash(original), claims?.ActionHash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("c2hvcnQ=")]
    public void Missing_or_short_signing_key_fails_naming_the_setting(string key)
    {
        var validation = new ApprovalOptionsValidator().Validate(null, new ApprovalOptions { SigningKey = key });

        Assert.True(validation.Failed);
        Assert.Contains("Approvals__SigningKey", validation.FailureMessage, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => ApprovalSamples.Tokens(time, key));
    }

    [Fact]
    public void Base64_key_of_32_random_bytes_is_accepted()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var tokens = ApprovalSamples.Tokens(time, key);

        Assert.True(new ApprovalOptionsValidator().Validate(null, new ApprovalOptions { SigningKey = key }).Succeeded);
        Assert.True(tokens.Validate(tokens.Issue(ApprovalSamples.Refund())).IsValid);
    }
}
