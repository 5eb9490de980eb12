namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>
/// A refund to issue. <paramref name="IdempotencyKey"/> makes it exactly-once: derive it from the orchestration
/// instance and tool call id so retries and replays reuse it. <paramref name="Currency"/> null means the account's currency.
/// </summary>
public sealed record RefundCommand(
    string IdempotencyKey,
    string CustomerId,
    decimal Amount,
    string? Currency,
    string Reason,
    string? TicketId,
    string ApprovedBy);

/// <summary>The record of an issued refund.</summary>
public sealed record RefundReceipt(
    string RefundId,
    string CustomerId,
    decimal Amount,
    string Currency,
    string Reason,
    string? TicketId,
    string ApprovedBy,
    string Status,
    DateTimeOffset Timestamp);
