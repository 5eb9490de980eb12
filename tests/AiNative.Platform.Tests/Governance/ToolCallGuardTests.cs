using AiNative.Platform.Governance.Policies;
using AiNative.Platform.Governance.Tools;

namespace AiNative.Platform.Tests.Governance;

public sealed class ToolCallGuardTests
{
    private static GuardrailPolicy Policy(int maxCalls = 5, string afterUntrusted = GuardrailAction.RequireApproval, bool highRiskNeedsApproval = false, params string[] approval) =>
        PolicyCatalogTests.Registry().Default with
        {
            Id = "p",
            Version = "2.0.0",
            Tools = new ToolPolicy(maxCalls, approval, highRiskNeedsApproval, afterUntrusted),
        };

    [Fact]
    public void Allows_a_low_risk_call_within_the_budget()
    {
        var verdict = ToolCallGuard.Check(Policy(), new ToolCallRequest("lookup_account", ToolRisk.Low, 2, UntrustedContentInContext: true));

        Assert.Equal(ToolCallDecision.Allow, verdict.Decision);
        Assert.Equal(("p", "2.0.0"), (verdict.PolicyId, verdict.PolicyVersion));
    }

    [Fact]
    public void Blocks_once_the_run_used_its_calls()
    {
        var verdict = ToolCallGuard.Check(Policy(maxCalls: 3), new ToolCallRequest("lookup_account", ToolRisk.Low, 3, false));

        Assert.Equal(ToolCallDecision.Block, verdict.Decision);
        Assert.Contains("allows 3", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_tools_always_need_approval()
    {
        var verdict = ToolCallGuard.Check(Policy(approval: "issue_refund"), new ToolCallRequest("issue_refund", ToolRisk.Low, 0, false));

        Assert.Equal(ToolCallDecision.RequireApproval, verdict.Decision);
    }

    [Theory]
    [InlineData(GuardrailAction.Block, ToolRisk.Medium, ToolCallDecision.Block)]
    [InlineData(GuardrailAction.RequireApproval, ToolRisk.Medium, ToolCallDecision.RequireApproval)]
    [InlineData(GuardrailAction.Flag, ToolRisk.Medium, ToolCallDecision.Allow)]
    [InlineData(GuardrailAction.Flag, ToolRisk.High, ToolCallDecision.RequireApproval)]
    public void Risky_calls_after_untrusted_content_follow_the_policy(string afterUntrusted, ToolRisk risk, ToolCallDecision expected)
    {
        var verdict = ToolCallGuard.Check(Policy(afterUntrusted: afterUntrusted), new ToolCallRequest("send_email", risk, 0, UntrustedContentInContext: true));

        Assert.Equal(expected, verdict.Decision);
        Assert.Contains("untrusted content", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_risky_call_without_untrusted_content_is_allowed()
    {
        var verdict = ToolCallGuard.Check(Policy(afterUntrusted: GuardrailAction.Block), new ToolCallRequest("send_email", ToolRisk.Medium, 0, UntrustedContentInContext: false));

        Assert.Equal(ToolCallDecision.Allow, verdict.Decision);
    }

    [Fact]
    public void High_risk_calls_need_approval_when_the_policy_says_so()
    {
        var verdict = ToolCallGuard.Check(Policy(highRiskNeedsApproval: true), new ToolCallRequest("close_account", ToolRisk.High, 0, false));

        Assert.Equal(ToolCallDecision.RequireApproval, verdict.Decision);
    }
}
