using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// What to answer an approval-link request with: the page, and its title and message in plain text for JSON callers.
/// <paramref name="Decided"/> is set only when this request made the decision.
/// </summary>
public sealed record ApprovalPage(int StatusCode, string Html, string Title, string Message, ApprovalDecided? Decided = null);

/// <summary>A decision just recorded: raise it as the external event of <paramref name="InstanceId"/>.</summary>
public sealed record ApprovalDecided(string InstanceId, string ApprovalId, ApprovalDecision Decision);

/// <summary>
/// The approval link's two HTTP interactions, independent of any web framework. <see cref="ShowAsync"/> (GET) never
/// changes state, because mail scanners prefetch links; <see cref="DecideAsync"/> (POST) checks the token, then decides
/// through the store's single-use transition. The caller raises <see cref="ApprovalPage.Decided"/> to the orchestration.
/// A decision is stored and raised with the approver's pseudonym and the comment PII-redacted: both end up in orchestration
/// history and in the run's output.
/// </summary>
public sealed class ApprovalLinkService(ApprovalTokenService tokens, IApprovalStore store, ApprovalPageRenderer renderer, TimeProvider time,
    PrincipalPseudonyms pseudonyms, IPiiRedactor redactor, ApproverDirectory directory)
{
    /// <summary>The request page with its decision form posting to <paramref name="formAction"/> (usually the link itself).</summary>
    public async Task<ApprovalPage> ShowAsync(string? token, string formAction, CancellationToken cancellationToken = default)
    {
        var validation = tokens.Validate(token);
        if (validation.Claims is not { } claims)
        {
            return InvalidLink();
        }

        var record = await store.GetAsync(claims.ApprovalId, cancellationToken).ConfigureAwait(false);
        if (record is null || !string.Equals(record.ActionHash, claims.ActionHash, StringComparison.Ordinal))
        {
            return InvalidLink();
        }

        // An expired link still shows a request that was decided in time; only a pending one is refused.
        if (validation.Status == ApprovalTokenStatus.Expired && record.IsPending)
        {
            return Expired();
        }

        if (claims.Approver is { } bound && IsRequester(record, bound))
        {
            return SelfApproval();
        }

        return new ApprovalPage(200, renderer.RenderRequest(record, formAction, claims.Approver is null ? null : Display(record, claims.Approver)), "Approval requested", record.Request.Action.Summary);
    }

    /// <summary>Records the posted decision (form fields <c>decision</c>, <c>comment</c>, <c>approver</c>) if the link is still good.</summary>
    public async Task<ApprovalPage> DecideAsync(string? token, string? decision, string? comment, string? decidedBy, CancellationToken cancellationToken = default)
    {
        var validation = tokens.Validate(token);
        if (validation.Claims is not { } claims)
        {
            return InvalidLink();
        }

        if (validation.Status == ApprovalTokenStatus.Expired)
        {
            return Expired();
        }

        decision = decision?.Trim().ToLowerInvariant();
        if (!ApprovalDecisions.IsHuman(decision))
        {
            return Outcome(400, "Choose a decision", "Use one of the buttons: Approve, Reject or Request more info.");
        }

        // A link bound to an approver decides as that approver, whatever the form says.
        decidedBy = claims.Approver ?? decidedBy?.Trim();
        if (string.IsNullOrWhiteSpace(decidedBy))
        {
            return Outcome(400, "Who is deciding?", "Enter your name or e-mail address, then choose again. The link has not been used.");
        }

        if (decision == ApprovalDecisions.RequestInfo && string.IsNullOrWhiteSpace(comment))
        {
            return Outcome(400, "What is missing?", "Say in the comment what information you need, then choose again. The link has not been used.");
        }

        return await DecideAsAsync(claims.ApprovalId, claims.ActionHash, decidedBy, decision, comment, mustBeListed: claims.Approver is not null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records <paramref name="approver"/>'s decision (links and Slack share this): the requester is refused, an approver
    /// not asked for this request is refused when <paramref name="mustBeListed"/>, and under a quorum an approval is one
    /// vote (the orchestration counts them) while a reject or request-info ends the request at once.
    /// </summary>
    public async Task<ApprovalPage> DecideAsAsync(string approvalId, string actionHash, string approver, string decision, string? comment, bool mustBeListed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        var record = await store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null || !string.Equals(record.ActionHash, actionHash, StringComparison.Ordinal))
        {
            return InvalidLink();
        }

        // Requester, listed approvers and the stored decision all compare and record by pseudonym: work it out once.
        var decidedBy = pseudonyms.Of(approver);
        if (IsRequester(record, decidedBy))
        {
            return SelfApproval();
        }

        if (mustBeListed && !(record.Request.Approvers ?? []).Any(a => pseudonyms.Same(a, decidedBy)))
        {
            return Outcome(403, "Not an approver for this request", $"{approver} is not in the approver group asked for this request, so cannot decide it.");
        }

        var quorum = record.Request.Quorum ?? 1;
        var made = new ApprovalDecision(decision, string.IsNullOrWhiteSpace(comment) ? comment : redactor.Redact(comment).Text, decidedBy, time.GetUtcNow());
        var vote = quorum > 1 && decision == ApprovalDecisions.Approve;
        var result = vote
            ? await store.RecordVoteAsync(approvalId, actionHash, made, cancellationToken).ConfigureAwait(false)
            : await store.TryDecideAsync(approvalId, actionHash, made, cancellationToken).ConfigureAwait(false);
        var instanceId = record.Request.InstanceId;
        return result.Outcome switch
        {
            ApprovalDecideOutcome.Decided when vote => Outcome(200, "Approval recorded",
                $"Your approval is recorded. This request needs approvals from {quorum.ToString(System.Globalization.CultureInfo.InvariantCulture)} different approvers; it proceeds when they have approved.") with
            {
                Decided = new ApprovalDecided(instanceId, approvalId, result.Record!.Decision!),
            },
            ApprovalDecideOutcome.Decided => Outcome(200, "Decision recorded", $"The request is now {result.Record!.Status}. Thank you; you can close this page.") with
            {
                Decided = new ApprovalDecided(instanceId, approvalId, result.Record.Decision!),
            },
            ApprovalDecideOutcome.AlreadyDecided when vote && result.Record!.IsPending => Outcome(409, "Already approved by you",
                "Your approval was already recorded; each approver counts once."),
            ApprovalDecideOutcome.AlreadyDecided => Outcome(409, "Already decided",
                $"This request is already {result.Record!.Status}; the link cannot be used again."),
            ApprovalDecideOutcome.Expired => Expired(),
            _ => InvalidLink(),
        };
    }

    /// <summary>
    /// Whom the page says is deciding: the bound approver's configured address or name when the token holds their pseudonym
    /// (the page body, unlike the link, is not logged), else a neutral phrase rather than a meaningless pseudonym.
    /// </summary>
    private string Display(ApprovalRecord record, string bound)
    {
        if (!PrincipalPseudonyms.IsPseudonym(bound))
        {
            return bound;
        }

        var contact = directory.Contacts(record.Request, [new ApprovalApprover(bound)])[0];
        var shown = contact.Email ?? contact.Name ?? contact.Id;
        return PrincipalPseudonyms.IsPseudonym(shown) ? "the approver this link was sent to" : shown;
    }

    private bool IsRequester(ApprovalRecord record, string approver) => pseudonyms.Same(record.Request.RequestedBy, approver);

    private ApprovalPage SelfApproval() =>
        Outcome(403, "You cannot approve your own request",
            "You asked for this action, so someone else must decide it. The approvers have been notified; nothing was recorded.");

    private ApprovalPage InvalidLink() =>
        Outcome(404, "Invalid approval link", "This link is not valid. Open it exactly as it appears in the message you received.");

    private ApprovalPage Expired() =>
        Outcome(410, "Approval link expired", "The time to decide has passed, so the action was denied. Ask for a new approval if it is still needed.");

    private ApprovalPage Outcome(int statusCode, string title, string message) => new(statusCode, renderer.RenderOutcome(title, message, statusCode), title, message);
}
