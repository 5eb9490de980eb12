using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Tests.AgentPlane;

/// <summary>Which group approves what, escalation, quorum, and the requester left out.</summary>
public sealed class ApproverDirectoryTests
{
    private static ApprovalOptions Configured() => new()
    {
        Groups = new(StringComparer.OrdinalIgnoreCase)
        {
            ["finance"] = new()
            {
                Members = [new() { Email = "fin@example.com", SlackUserId = "U1" }, new() { Email = "agent-owner@example.com" }],
                EscalateTo = "cfo",
                Quorum = 2,
            },
            ["cfo"] = new() { Members = [new() { Email = "cfo@example.com", Name = "The CFO" }, new() { Email = "fin@example.com" }] },
            ["ops"] = new() { Members = [new() { SlackUserId = "U9" }] },
        },
        Routes = new(StringComparer.OrdinalIgnoreCase) { ["refund"] = "finance", ["incident-response"] = "ops" },
        EscalateAfter = TimeSpan.FromHours(1),
        RemindBefore = TimeSpan.FromMinutes(30),
    };

    private static ApproverDirectory Directory(ApprovalOptions? options = null) => new(Options.Create(options ?? Configured()));

    [Fact]
    public void The_action_kind_routes_to_its_group_with_escalation_and_quorum_and_without_the_requester()
    {
        var request = ApprovalSamples.Refund() with { Action = ApprovalSamples.Refund().Action with { Kind = "refund" }, RequestedBy = "Agent-Owner@example.com" };

        var plan = Directory().Plan(request);

        Assert.Equal("finance", plan.Group);
        Assert.Equal(["fin@example.com"], plan.Approvers.Select(a => a.Id));
        Assert.Equal("U1", plan.Approvers[0].SlackUserId);
        Assert.Equal("cfo", plan.EscalationGroup);
        Assert.Equal(["cfo@example.com"], plan.EscalationApprovers.Select(a => a.Id)); // fin@ is already in the first group
        Assert.Equal(2, plan.Quorum);
        Assert.Equal(TimeSpan.FromHours(1), plan.EscalateAfter);
        Assert.Equal(TimeSpan.FromMinutes(30), plan.RemindBefore);
        Assert.Equal(["agent-owner@example.com"], plan.Excluded);
    }

    [Fact]
    public void The_policy_wins_over_the_kind_then_the_agent_and_slack_only_members_get_a_slack_id()
    {
        var byPolicy = Directory().Plan(ApprovalSamples.Refund() with { Policy = "incident-response" });
        var byAgent = Directory().Plan(ApprovalSamples.Refund() with { Agent = "incident-response" });

        Assert.Equal("ops", byPolicy.Group);
        Assert.Equal("ops", byAgent.Group);
        Assert.Equal("slack:U9", byPolicy.Approvers.Single().Id);
        Assert.Equal("slack:U9", Directory().FindBySlackUser("U9")!.Id);
        Assert.Null(Directory().FindBySlackUser("U404"));
    }

    [Fact]
    public void Without_a_route_or_default_group_the_request_list_is_asked_once_each()
    {
        var plan = Directory(new ApprovalOptions()).Plan(ApprovalSamples.Refund(approvers: ["a@example.com", "A@example.com", "b@example.com"]) with { Quorum = 3 });

        Assert.Equal(ApproverDirectory.PolicyListGroup, plan.Group);
        Assert.Equal(["a@example.com", "b@example.com"], plan.Approvers.Select(a => a.Id));
        Assert.Empty(plan.EscalationApprovers);
        Assert.Null(plan.EscalateAfter);
        Assert.Equal(3, plan.Quorum);
    }

    [Fact]
    public void Misconfigured_groups_fail_validation_naming_the_setting()
    {
        var options = Configured();
        options.DefaultGroup = "nobody";
        options.Routes["tool-x"] = "missing";
        options.Groups["bad"] = new() { Members = [new()], EscalateTo = "ghost" };
        options.Quorum = 0;
        options.SigningKey = ApprovalSamples.SigningKey;

        var result = new ApprovalOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Approvals__DefaultGroup", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Approvals__Routes__tool-x", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Approvals__Groups__bad__EscalateTo", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Approvals__Groups__bad__Members__0", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Approvals__Quorum", result.FailureMessage, StringComparison.Ordinal);
    }
}
