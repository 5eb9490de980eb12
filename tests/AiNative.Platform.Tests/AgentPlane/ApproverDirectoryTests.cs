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

    private static ApproverDirectory Directory(ApprovalOptions? options = null) => new(Options.Create(options ?? Configured()), ApprovalSamples.Pseudonyms);

    private static string P(string principal) => ApprovalSamples.P(principal);

    [Fact]
    public void The_action_kind_routes_to_its_group_with_escalation_and_quorum_and_without_the_requester()
    {
        var request = ApprovalSamples.Refund() with { Action = ApprovalSamples.Refund().Action with { Kind = "refund" }, RequestedBy = "Agent-Owner@example.com" };

        var plan = Directory().Plan(request);
        var contacts = Directory().Contacts(request, plan.Approvers);

        Assert.Equal("finance", plan.Group);
        Assert.Equal([P("fin@example.com")], plan.Approvers.Select(a => a.Id));
        Assert.Equal(["fin@example.com"], contacts.Select(a => a.Email));
        Assert.Equal("U1", contacts[0].SlackUserId);
        Assert.Equal("cfo", plan.EscalationGroup);
        Assert.Equal([P("cfo@example.com")], plan.EscalationApprovers.Select(a => a.Id)); // fin@ is already in the first group
        Assert.Equal(2, plan.Quorum);
        Assert.Equal(TimeSpan.FromHours(1), plan.EscalateAfter);
        Assert.Equal(TimeSpan.FromMinutes(30), plan.RemindBefore);
        Assert.Equal([P("agent-owner@example.com")], plan.Excluded);
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
        Assert.Equal([P("a@example.com"), P("b@example.com")], plan.Approvers.Select(a => a.Id));
        Assert.Empty(plan.EscalationApprovers);
        Assert.Null(plan.EscalateAfter);
        Assert.Equal(3, plan.Quorum);
    }

    [Fact]
    public void The_plan_names_people_only_by_pseudonym_and_contacts_come_back_from_configuration()
    {
        var options = Configured();
        options.Approvers = ["policy.approver@example.com"];
        var directory = Directory(options);
        // As the API starts a run: requester and the policy's list already pseudonymised.
        var request = ApprovalSamples.Refund(approvers: [P("policy.approver@example.com")]) with { RequestedBy = P("agent-owner@example.com"), Policy = "refund" };
        var listed = ApprovalSamples.Refund(approvers: [P("policy.approver@example.com"), P("not.configured@example.com")]);

        var plan = directory.Plan(request);
        var fromList = directory.Plan(listed);
        var listContacts = directory.Contacts(listed, fromList.Approvers);

        var history = System.Text.Json.JsonSerializer.Serialize(new { plan, fromList });
        Assert.DoesNotContain("@", history, StringComparison.Ordinal);
        Assert.DoesNotContain("The CFO", history, StringComparison.Ordinal);
        Assert.Equal([P("fin@example.com")], plan.Approvers.Select(a => a.Id)); // the requester, given as a pseudonym, is still left out
        Assert.Equal([P("agent-owner@example.com")], plan.Excluded);
        Assert.Equal("The CFO", directory.Contacts(request, plan.EscalationApprovers).Single().Name);
        Assert.Equal(new string?[] { "policy.approver@example.com", null }, listContacts.Select(a => a.Email)); // an address no longer configured cannot be messaged
        Assert.Equal(P("not.configured@example.com"), listContacts[1].Id);
        Assert.Equal(P("Fin@Example.com "), P("fin@example.com")); // one person, one pseudonym
        Assert.NotEqual(P("fin@example.com"), P("cfo@example.com"));
        Assert.Equal("slack:U9", P("slack:U9")); // service and Slack identities carry no personal data and stay readable
        Assert.Equal("api-caller", P("api-caller"));
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
