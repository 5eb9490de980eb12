namespace AiNative.Orchestrations.Tests.Approvals;

/// <summary>The durable host with approver groups, a quorum group, escalation and short reminder/escalation times.</summary>
public sealed class ApprovalGroupsHostFixture : DurableHostFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["Approvals:Groups:oncall:Members:0:Email"] = "oncall@example.com",
        ["Approvals:Groups:oncall:EscalateTo"] = "directors",
        ["Approvals:Groups:directors:Members:0:Email"] = "director@example.com",
        ["Approvals:Groups:directors:Members:0:SlackUserId"] = "U0DIRECTOR",
        ["Approvals:Groups:board:Members:0:Email"] = "a@example.com",
        ["Approvals:Groups:board:Members:1:Email"] = "b@example.com",
        ["Approvals:Groups:board:Members:2:Email"] = "requester@example.com",
        ["Approvals:Groups:board:Quorum"] = "2",
        ["Approvals:Groups:self:Members:0:Email"] = "requester@example.com",
        ["Approvals:Routes:hitl-escalate"] = "oncall",
        ["Approvals:Routes:hitl-quorum"] = "board",
        ["Approvals:Routes:hitl-self"] = "self",
        ["Approvals:EscalateAfter"] = "00:00:02",
        ["Approvals:RemindBefore"] = "00:00:02",
    };
}
