using System.Globalization;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// Resolves who approves a request from the configured groups and routes: the route for the request's policy, then its
/// action kind, then its agent, then the default group; without groups, the run policy's plain list. The requester is
/// never an approver of their own action, so is neither asked nor allowed to decide. What goes into orchestration history
/// (<see cref="Plan"/>) names approvers only by pseudonym (<see cref="PrincipalPseudonyms"/>); the notifiers get their
/// contacts from <see cref="Contacts"/>, which resolves the pseudonyms against the same configuration.
/// </summary>
public sealed class ApproverDirectory(IOptions<ApprovalOptions> options, PrincipalPseudonyms pseudonyms)
{
    /// <summary>The group name used when the request's own approver list is asked.</summary>
    public const string PolicyListGroup = "policy";

    /// <summary>Who approves <paramref name="request"/>, each approver reduced to their pseudonym (what history may hold).</summary>
    public ApprovalPlan Plan(ApprovalRequest request)
    {
        var plan = FullPlan(request);
        return plan with
        {
            Approvers = [.. plan.Approvers.Select(Pseudonymous)],
            EscalationApprovers = [.. plan.EscalationApprovers.Select(Pseudonymous)],
            Excluded = [.. plan.Excluded.Select(pseudonyms.Of).Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    /// <summary>
    /// The contacts (e-mail, Slack member id, name) of <paramref name="approvers"/> from <see cref="Plan"/>, planned again
    /// from configuration; an approver no longer configured keeps only the pseudonym (and is not messaged).
    /// </summary>
    public IReadOnlyList<ApprovalApprover> Contacts(ApprovalRequest request, IReadOnlyList<ApprovalApprover> approvers)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        // Each side is pseudonymised once (the analyzer runs per value), then matched by pseudonym: approvers + contacts, not their product.
        var byPseudonym = new Dictionary<string, ApprovalApprover>(StringComparer.OrdinalIgnoreCase);
        foreach (var contact in FullPlan(request).Everyone.Where(c => !string.IsNullOrWhiteSpace(c.Id)))
        {
            byPseudonym.TryAdd(pseudonyms.Of(contact.Id), contact);
        }

        return [.. approvers.Select(a => !string.IsNullOrWhiteSpace(a.Id) && byPseudonym.TryGetValue(pseudonyms.Of(a.Id), out var contact) ? contact : a)];
    }

    private ApprovalApprover Pseudonymous(ApprovalApprover approver) => new(pseudonyms.Of(approver.Id));

    private ApprovalPlan FullPlan(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options.Value;
        var group = RouteFor(request, o);
        List<ApprovalApprover> first;
        string? escalation = null;
        List<ApprovalApprover> second = [];
        var quorum = o.Quorum;
        if (group is not null && o.Groups.TryGetValue(group, out var configured))
        {
            first = Members(configured);
            if (configured.Quorum > 0)
            {
                quorum = configured.Quorum;
            }

            if (!string.IsNullOrWhiteSpace(configured.EscalateTo) && o.Groups.TryGetValue(configured.EscalateTo, out var next))
            {
                escalation = configured.EscalateTo.Trim();
                second = Members(next);
            }
        }
        else
        {
            group = PolicyListGroup;
            var addresses = new Lazy<Dictionary<string, string>>(() => ConfiguredAddressesByPseudonym(o));
            first = [.. (request.Approvers ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).Select(a => Enrich(a, addresses))];
        }

        // The requester arrives as a pseudonym (the API's edge) or in clear (direct callers): compare both ways.
        var requester = string.IsNullOrWhiteSpace(request.RequestedBy) ? null : pseudonyms.Of(request.RequestedBy);
        bool Names(string? principal) => requester is not null && !string.IsNullOrWhiteSpace(principal) && string.Equals(pseudonyms.Of(principal), requester, StringComparison.OrdinalIgnoreCase);
        var requesters = first.Concat(second).Where(a => Names(a.Id) || Names(a.Email)).ToHashSet();
        var excluded = requesters.Select(a => a.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        first = [.. first.Where(a => !requesters.Contains(a))];
        second = [.. second.Where(a => !requesters.Contains(a) && !first.Any(f => f.Is(a.Id)))];
        var remind = o.RemindBefore is { } r && r > TimeSpan.Zero ? r : (TimeSpan?)null;
        var escalateAfter = second.Count == 0 ? (TimeSpan?)null : o.EscalateAfter;
        return new ApprovalPlan(group, first, escalation, second, Math.Max(1, request.Quorum ?? quorum), remind, escalateAfter, excluded);
    }

    /// <summary>The configured approver whose Slack member id is <paramref name="slackUserId"/>, if any.</summary>
    public ApprovalApprover? FindBySlackUser(string? slackUserId)
    {
        if (string.IsNullOrWhiteSpace(slackUserId))
        {
            return null;
        }

        return options.Value.Groups.Values.SelectMany(g => g.Members)
            .Where(m => string.Equals(m.SlackUserId.Trim(), slackUserId.Trim(), StringComparison.Ordinal))
            .Select(ToApprover).FirstOrDefault();
    }

    /// <summary>Configuration errors, each naming the setting.</summary>
    internal static IEnumerable<string> Validate(ApprovalOptions o)
    {
        if (o.Quorum < 1)
        {
            yield return $"The setting 'Approvals__Quorum' must be at least 1 (got {o.Quorum.ToString(CultureInfo.InvariantCulture)}).";
        }

        if (o.RemindBefore is { } remind && remind < TimeSpan.Zero)
        {
            yield return "The setting 'Approvals__RemindBefore' must not be negative.";
        }

        if (o.EscalateAfter is { } escalate && escalate <= TimeSpan.Zero)
        {
            yield return "The setting 'Approvals__EscalateAfter' must be positive.";
        }

        if (!string.IsNullOrWhiteSpace(o.DefaultGroup) && !o.Groups.ContainsKey(o.DefaultGroup))
        {
            yield return $"The setting 'Approvals__DefaultGroup' names '{o.DefaultGroup}', which is not a group under 'Approvals__Groups'.";
        }

        foreach (var (key, group) in o.Routes)
        {
            if (!o.Groups.ContainsKey(group ?? ""))
            {
                yield return $"The setting 'Approvals__Routes__{key}' names '{group}', which is not a group under 'Approvals__Groups'.";
            }
        }

        foreach (var (name, group) in o.Groups)
        {
            if (!string.IsNullOrWhiteSpace(group.EscalateTo) && !o.Groups.ContainsKey(group.EscalateTo))
            {
                yield return $"The setting 'Approvals__Groups__{name}__EscalateTo' names '{group.EscalateTo}', which is not a group.";
            }

            for (var i = 0; i < group.Members.Count; i++)
            {
                var m = group.Members[i];
                if (string.IsNullOrWhiteSpace(m.Email) && string.IsNullOrWhiteSpace(m.SlackUserId))
                {
                    yield return $"The setting 'Approvals__Groups__{name}__Members__{i.ToString(CultureInfo.InvariantCulture)}' needs an Email or a SlackUserId.";
                }
                else if (!string.IsNullOrWhiteSpace(m.Email) && !MailAddresses.IsValid(m.Email))
                {
                    yield return $"The setting 'Approvals__Groups__{name}__Members__{i.ToString(CultureInfo.InvariantCulture)}__Email' holds '{m.Email}', which is not an e-mail address.";
                }
            }
        }
    }

    private static string? RouteFor(ApprovalRequest request, ApprovalOptions o)
    {
        foreach (var key in new[] { request.Policy, request.Action?.Kind, request.Agent })
        {
            if (!string.IsNullOrWhiteSpace(key) && o.Routes.TryGetValue(key, out var group) && !string.IsNullOrWhiteSpace(group))
            {
                return group.Trim();
            }
        }

        return string.IsNullOrWhiteSpace(o.DefaultGroup) ? null : o.DefaultGroup.Trim();
    }

    private static List<ApprovalApprover> Members(ApproverGroupOptions group) =>
        [.. group.Members.Where(m => !string.IsNullOrWhiteSpace(m.Email) || !string.IsNullOrWhiteSpace(m.SlackUserId)).Select(ToApprover).DistinctBy(a => a.Id, StringComparer.OrdinalIgnoreCase)];

    private static ApprovalApprover ToApprover(ApproverOptions m)
    {
        var email = string.IsNullOrWhiteSpace(m.Email) ? null : m.Email.Trim();
        var slack = string.IsNullOrWhiteSpace(m.SlackUserId) ? null : m.SlackUserId.Trim();
        return new ApprovalApprover(email ?? "slack:" + slack, email, slack, string.IsNullOrWhiteSpace(m.Name) ? null : m.Name.Trim());
    }

    /// <summary>
    /// A plain e-mail from the policy list, with the Slack id and name of a configured member of the same address. The
    /// list reaches here as pseudonyms when the API started the run: those are matched against the configured addresses.
    /// </summary>
    private ApprovalApprover Enrich(string email, Lazy<Dictionary<string, string>> configuredByPseudonym)
    {
        if (PrincipalPseudonyms.IsPseudonym(email))
        {
            if (!configuredByPseudonym.Value.TryGetValue(email, out var configured))
            {
                return new ApprovalApprover(email);
            }

            email = configured;
        }

        var member = options.Value.Groups.Values.SelectMany(g => g.Members)
            .FirstOrDefault(m => string.Equals(m.Email.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));
        return member is null ? ApprovalApprover.ForEmail(email) : ToApprover(member);
    }

    // Every configured address by its pseudonym, the first configured one winning; each address is pseudonymised once.
    private Dictionary<string, string> ConfiguredAddressesByPseudonym(ApprovalOptions o)
    {
        var byPseudonym = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in o.ResolveApprovers().Concat(o.Groups.Values.SelectMany(g => g.Members).Select(m => m.Email)).Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            byPseudonym.TryAdd(pseudonyms.Of(address), address);
        }

        return byPseudonym;
    }
}
