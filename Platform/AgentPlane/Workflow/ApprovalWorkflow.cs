using AiNative.Platform.AgentPlane.Approvals;

namespace AiNative.Platform.AgentPlane.Workflow;

/// <summary>
/// The approval steps around the durable wait: record the request, notify approvers with a signed link,
/// and turn a link's GET or POST into a page or a single-use decision. Tokens are re-derived, never stored.
/// </summary>
public sealed class ApprovalWorkflow(IApprovalStore store, ApprovalTokenService tokens, ApprovalLinks links, IApprovalNotifier notifier, TimeProvider time)
{
    public Task RecordAsync(ApprovalRequest request, CancellationToken cancellationToken = default) =>
        store.CreateAsync(request, cancellationToken);

    /// <summary>Sends the approval link to every approver; returns how many were notified.</summary>
    public async Task<int> NotifyAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var link = links.For(tokens.Issue(request));
        await notifier.NotifyAsync(request, link, cancellationToken).ConfigureAwait(false);
        return request.Approvers.Count;
    }

    /// <summary>Closes a still-pending request (e.g. as timed out); returns the status it ends with.</summary>
    public async Task<string> CloseAsync(string approvalId, string status, CancellationToken cancellationToken = default)
    {
        await store.CloseAsync(approvalId, status, cancellationToken).ConfigureAwait(false);
        var record = await store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        return record?.Status ?? status;
    }

    /// <summary>What a GET on the link shows; never changes state.</summary>
    public async Task<ApprovalLinkResult> OpenAsync(string token, CancellationToken cancellationToken = default)
    {
        var (record, error) = await ResolveAsync(token, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        return record!.Status == ApprovalStatuses.Pending
            ? new ApprovalLinkResult(ApprovalLinkOutcome.Pending, record, null)
            : Refused(ApprovalLinkOutcome.AlreadyDecided, record, $"This request was already answered ({record.Status}).");
    }

    /// <summary>Records a decision made through the link, once. The caller then raises the durable event.</summary>
    public async Task<ApprovalLinkResult> DecideAsync(string token, string decision, string? comment, string decidedBy, CancellationToken cancellationToken = default)
    {
        if (decision is not (ApprovalDecisions.Approve or ApprovalDecisions.Reject or ApprovalDecisions.RequestInfo))
        {
            return Refused(ApprovalLinkOutcome.InvalidDecision, null,
                $"'decision' must be one of {ApprovalDecisions.Approve}, {ApprovalDecisions.Reject}, {ApprovalDecisions.RequestInfo}.");
        }

        var (record, error) = await ResolveAsync(token, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var made = new ApprovalDecision(decision, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), decidedBy, time.GetUtcNow());
        var result = await store.TryDecideAsync(record!.Request.ApprovalId, ApprovalTokenService.ActionHash(record.Request), made, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            ApprovalDecideOutcome.Decided => new ApprovalLinkResult(ApprovalLinkOutcome.Decided, record, null, made),
            ApprovalDecideOutcome.AlreadyDecided => Refused(ApprovalLinkOutcome.AlreadyDecided, record, "This request was already answered; a link works once."),
            ApprovalDecideOutcome.Expired => Refused(ApprovalLinkOutcome.Expired, record, "This approval request has expired."),
            ApprovalDecideOutcome.ActionMismatch => Refused(ApprovalLinkOutcome.Invalid, record, "This link does not match the action awaiting approval."),
            _ => Refused(ApprovalLinkOutcome.NotFound, null, "No such approval request."),
        };
    }

    private async Task<(ApprovalRecord? Record, ApprovalLinkResult? Error)> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var validation = tokens.Validate(token);
        switch (validation.Status)
        {
            case ApprovalTokenStatus.Expired:
                return (null, Refused(ApprovalLinkOutcome.Expired, null, "This approval link has expired."));
            case not ApprovalTokenStatus.Valid:
                return (null, Refused(ApprovalLinkOutcome.Invalid, null, "This approval link is not valid."));
        }

        var claims = validation.Claims!;
        var record = await store.GetAsync(claims.ApprovalId, cancellationToken).ConfigureAwait(false);
        if (record is null || !string.Equals(record.Request.InstanceId, claims.InstanceId, StringComparison.Ordinal)
            || !string.Equals(ApprovalTokenService.ActionHash(record.Request), claims.ActionHash, StringComparison.Ordinal))
        {
            return (null, Refused(ApprovalLinkOutcome.Invalid, null, "This approval link does not match any pending request."));
        }

        return (record, null);
    }

    private static ApprovalLinkResult Refused(ApprovalLinkOutcome outcome, ApprovalRecord? record, string message) => new(outcome, record, message);
}

/// <summary>What became of a link request.</summary>
public enum ApprovalLinkOutcome
{
    Pending,
    Decided,
    AlreadyDecided,
    Expired,
    Invalid,
    InvalidDecision,
    NotFound,
}

/// <summary>The outcome of opening or answering an approval link.</summary>
public sealed record ApprovalLinkResult(ApprovalLinkOutcome Outcome, ApprovalRecord? Record, string? Message, ApprovalDecision? Decision = null);
