namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>One person who may approve: e-mail and/or Slack member id (configuration <c>Approvals__Groups__{group}__Members__{n}__Email</c>).</summary>
public sealed class ApproverOptions
{
    public string Email { get; set; } = "";

    /// <summary>The Slack member id (<c>U…</c>) that maps Slack clicks to this approver.</summary>
    public string SlackUserId { get; set; } = "";

    public string Name { get; set; } = "";
}

/// <summary>A named group of approvers; <see cref="EscalateTo"/> names the group asked when this one does not answer in time.</summary>
public sealed class ApproverGroupOptions
{
    public List<ApproverOptions> Members { get; set; } = [];

    public string EscalateTo { get; set; } = "";

    /// <summary>How many distinct approvals are needed (0: the global <see cref="ApprovalOptions.Quorum"/>).</summary>
    public int Quorum { get; set; }
}

/// <summary>
/// An approver as the orchestration and the notifiers see it. <paramref name="Id"/> is the identity recorded in decisions
/// and bound into the approver's link: the e-mail address, or <c>slack:{member id}</c> without one.
/// </summary>
public sealed record ApprovalApprover(string Id, string? Email = null, string? SlackUserId = null, string? Name = null)
{
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : $"{Name} ({Id})";

    /// <summary>An approver known only by e-mail (the policy's plain list).</summary>
    public static ApprovalApprover ForEmail(string email) => new(email.Trim(), email.Trim());

    /// <summary>True when <paramref name="identity"/> (e-mail or id, any case) names this approver.</summary>
    public bool Is(string? identity) =>
        !string.IsNullOrWhiteSpace(identity)
        && (string.Equals(Id, identity.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(Email, identity.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Who is asked, in which order, how many must agree, and when to remind and escalate; computed once by an activity so
/// the orchestration replays it from history.
/// </summary>
public sealed record ApprovalPlan(
    string Group,
    IReadOnlyList<ApprovalApprover> Approvers,
    string? EscalationGroup,
    IReadOnlyList<ApprovalApprover> EscalationApprovers,
    int Quorum,
    TimeSpan? RemindBefore,
    TimeSpan? EscalateAfter,
    IReadOnlyList<string> Excluded)
{
    /// <summary>Everyone who may decide: the first group and, once escalated, the second.</summary>
    public IEnumerable<ApprovalApprover> Everyone => Approvers.Concat(EscalationApprovers);
}
