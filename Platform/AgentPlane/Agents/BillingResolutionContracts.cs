namespace AiNative.Platform.AgentPlane.Agents;

/// <summary>The ticket as the customer wrote it (PII already redacted at the edge).</summary>
public sealed record TicketText(string TicketId, string Text);

/// <summary>What the model extracted from the ticket.</summary>
public sealed record TicketInfo(
    string TicketId,
    string? CustomerId,
    string? CustomerName,
    string? IncidentId,
    decimal? RequestedAmount,
    string? Currency,
    double? DowntimeHours,
    string Summary,
    string IssueType,
    ModelTrace Model);

/// <summary>
/// Which model and prompt version produced a step's answer, what it cost, and why the gateway routed there
/// (recorded once in orchestration history, so replays see the same decision).
/// </summary>
public sealed record ModelTrace(
    string Model,
    string PromptId,
    string PromptVersion,
    long InputTokens,
    long OutputTokens,
    decimal Cost = 0,
    string? RoutingReason = null,
    IReadOnlyList<string>? ModelsTried = null);

/// <summary>A knowledge query for the retrieval step.</summary>
public sealed record KnowledgeRequest(string Query, string? Tenant, int Top);

/// <summary>One retrieved passage (trimmed: history stays small).</summary>
public sealed record KnowledgePassage(string ChunkId, string Source, string? Title, string Text, double Score);

/// <summary>The passages retrieved for a ticket.</summary>
public sealed record KnowledgeContext(IReadOnlyList<KnowledgePassage> Passages);

/// <summary>Which account and incident to look up.</summary>
public sealed record BillingLookup(string? CustomerId, string? CustomerName, string? IncidentId);

/// <summary>The billing system's view of the customer, as the agent sees it.</summary>
public sealed record BillingSnapshot(
    bool Found,
    string? CustomerId,
    string? CustomerName,
    string? Plan,
    decimal? MonthlyFee,
    string? Currency,
    IReadOnlyList<IncidentFact> Incidents,
    IReadOnlyList<RefundFact> PreviousRefunds,
    IncidentFact? ReportedIncident);

/// <summary>An incident that affected the customer.</summary>
public sealed record IncidentFact(string IncidentId, string Title, string Date, double DowntimeHours);

/// <summary>A refund already paid to the customer.</summary>
public sealed record RefundFact(string RefundId, decimal Amount, string Currency, string Reason, string TicketId);

/// <summary>Everything the analysis step needs; <see cref="ReviewerFeedback"/> is set when an approver asked for more information.</summary>
public sealed record AnalysisRequest(string TicketId, string TicketText, TicketInfo Ticket, KnowledgeContext Knowledge, BillingSnapshot Billing, string? ReviewerFeedback);

/// <summary>The model's analysis: what to do, how much, how sure.</summary>
public sealed record IssueAnalysis(string Decision, decimal RefundAmount, string Reason, double Confidence, string Rationale, ModelTrace Model);

/// <summary>The refund to execute; the idempotency key makes a retried or replayed call act once.</summary>
public sealed record ResolutionCommand(string IdempotencyKey, string TicketId, string CustomerId, decimal Amount, string Currency, string Reason, string? ApprovedBy);

/// <summary>The ticket's new state after the run.</summary>
public sealed record TicketChange(string TicketId, string? CustomerId, string Status, string Summary, string? Resolution, string? RefundId);

/// <summary>Decision values of <see cref="IssueAnalysis.Decision"/>.</summary>
public static class AnalysisDecisions
{
    public const string Refund = "refund";
    public const string NoRefund = "no_refund";
    public const string Escalate = "escalate";
}
