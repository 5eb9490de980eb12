using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiNative.Platform.AgentPlane;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Governance.Pii;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Tests.AgentPlane;

/// <summary>The playbook's refund approval, with knobs the tests turn.</summary>
internal static class ApprovalSamples
{
    public static readonly DateTimeOffset Now = new(2026, 7, 16, 9, 0, 0, TimeSpan.Zero);

    public const string SigningKey = "test-signing-key-that-is-longer-than-32-bytes";

    public static ApprovalRequest Refund(
        string? approvalId = null,
        decimal amount = 250m,
        string context = "Customer experienced 4 hours of downtime",
        IReadOnlyList<string>? approvers = null) =>
        new(
            approvalId ?? "apr-" + Guid.NewGuid().ToString("N")[..12],
            "run-0001",
            "run-0001",
            "billing-agent",
            new ApprovalAction("refund_customer", "Process refund of $250", "C12345", "ACME Corp", amount, "USD"),
            "Service outage on July 15th",
            context,
            "Incident #INC-789 confirms the outage",
            approvers ?? ["approver.one@example.com", "approver.two@example.com"],
            Now.AddHours(24),
            1,
            "agent:billing-agent");

    /// <summary>Pseudonyms keyed by <see cref="SigningKey"/> (no PII hash key), as a host without one derives them.</summary>
    public static PrincipalPseudonyms Pseudonyms { get; } = new(new RegexPiiRedactor(), Options.Create(new PiiKeyOptions()), Options.Create(new ApprovalOptions { SigningKey = SigningKey }));

    /// <summary>The pseudonym of <paramref name="principal"/>.</summary>
    public static string P(string principal) => Pseudonyms.Of(principal);

    public static ApprovalTokenService Tokens(TimeProvider time, string key = SigningKey) =>
        new(Options.Create(new ApprovalOptions { SigningKey = key }), time, Pseudonyms);

    /// <summary>A directory with no groups: approvers come from each request's own list.</summary>
    public static ApproverDirectory Directory { get; } = new(Options.Create(new ApprovalOptions { SigningKey = SigningKey }), Pseudonyms);

    /// <summary>
    /// A link token as issued before subjects were pseudonymous: the same signed format with <paramref name="subject"/> in
    /// clear, built by hand so the test does not depend on the service it checks.
    /// </summary>
    public static string ClearSubjectToken(ApprovalRequest request, string subject)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aid"] = request.ApprovalId,
            ["iid"] = request.InstanceId,
            ["act"] = ApprovalTokenService.ActionHash(request),
            ["exp"] = request.ExpiresAt.ToUnixTimeSeconds(),
            ["v"] = 1,
            ["sub"] = subject,
        });
        var encoded = Base64Url.EncodeToString(payload);
        Assert.True(SecretKeys.TryGetKeyBytes(SigningKey, out var secret));
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Encoding.UTF8.GetBytes("ainative/approval-token/v1"));
        return encoded + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(encoded)));
    }

    /// <summary>The decoded JSON payload of a link token (the part a URL log keeps in readable form).</summary>
    public static string PayloadOf(string token) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0]));
}
