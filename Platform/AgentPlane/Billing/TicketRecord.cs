namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>A change to a support ticket; null fields keep their current value (a new ticket starts <c>open</c> unless a status is given).</summary>
public sealed record TicketUpdate(
    string TicketId,
    string? CustomerId = null,
    string? Status = null,
    string? Summary = null,
    string? Resolution = null,
    string? RefundId = null);

/// <summary>A support ticket; <paramref name="Revision"/> counts the updates that changed it.</summary>
public sealed record TicketRecord(
    string TicketId,
    string? CustomerId,
    string Status,
    string? Summary,
    string? Resolution,
    string? RefundId,
    DateTimeOffset UpdatedAt,
    int Revision);

/// <summary>The ticket statuses the billing system accepts.</summary>
public static class TicketStatuses
{
    public const string Open = "open";
    public const string PendingApproval = "pending_approval";
    public const string Resolved = "resolved";
    public const string Rejected = "rejected";
    public const string Escalated = "escalated";

    public static IReadOnlyList<string> All { get; } = [Open, PendingApproval, Resolved, Rejected, Escalated];

    public static bool IsValid(string status) => All.Contains(status, StringComparer.Ordinal);
}
