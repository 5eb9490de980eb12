namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>The demo billing system the agent's tools act on: accounts, incidents, refunds and support tickets.</summary>
public interface IBillingSystem
{
    /// <summary>Writes the demo customers and incidents; safe to call on every start.</summary>
    Task SeedAsync(CancellationToken cancellationToken = default);

    /// <summary>The account with its incidents and previous refunds, or null when the customer is unknown.</summary>
    Task<BillingAccount?> GetAccountAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>Looks the account up by id first, else by case-insensitive name; null when neither matches.</summary>
    Task<BillingAccount?> FindAccountAsync(string? customerId, string? customerName, CancellationToken cancellationToken = default);

    /// <summary>Issues a refund exactly once per <see cref="RefundCommand.IdempotencyKey"/>; a repeated key returns the recorded receipt.</summary>
    /// <exception cref="BillingException">The command is invalid, the customer is unknown, or the key was used for a different refund.</exception>
    Task<RefundReceipt> IssueRefundAsync(RefundCommand command, CancellationToken cancellationToken = default);

    /// <summary>Reverses a refund (the compensation of <see cref="IssueRefundAsync"/>); reversing it again returns the reversed receipt.</summary>
    /// <exception cref="BillingException">No refund has this id.</exception>
    Task<RefundReceipt> ReverseRefundAsync(string refundId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Refunds, newest first; all customers when <paramref name="customerId"/> is null.</summary>
    Task<IReadOnlyList<RefundReceipt>> ListRefundsAsync(string? customerId, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates a ticket; fields left null keep their value, and an update that changes nothing writes nothing.</summary>
    /// <exception cref="BillingException">The ticket id or status is invalid.</exception>
    Task<TicketRecord> UpsertTicketAsync(TicketUpdate update, CancellationToken cancellationToken = default);

    /// <summary>The ticket, or null when unknown.</summary>
    Task<TicketRecord?> GetTicketAsync(string ticketId, CancellationToken cancellationToken = default);
}
