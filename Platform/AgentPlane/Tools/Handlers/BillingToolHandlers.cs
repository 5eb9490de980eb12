using System.Text.Json;
using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Billing;

namespace AiNative.Platform.AgentPlane.Tools.Handlers;

/// <summary>Tool <c>check_billing_system</c>: the customer's account, incidents and previous refunds (read-only).</summary>
public sealed class CheckBillingSystemHandler(BillingResolutionSteps steps) : IToolHandler
{
    public string Name => BillingTools.CheckBillingSystem;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var lookup = ToolJson.Read<BillingLookup>(invocation.Arguments);
        return ToolJson.Write(await steps.CheckBillingSystemAsync(lookup, cancellationToken).ConfigureAwait(false));
    }
}

/// <summary>Tool <c>refund_customer</c>: issues a refund once per idempotency key (the billing system's own conditional insert backs the ledger).</summary>
public sealed class RefundCustomerHandler(IBillingSystem billing) : IToolHandler
{
    public string Name => BillingTools.RefundCustomer;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var refund = ToolJson.Read<RefundArguments>(invocation.Arguments);
        var receipt = await billing.IssueRefundAsync(
            new RefundCommand(invocation.IdempotencyKey, refund.CustomerId, refund.Amount, refund.Currency, refund.Reason, refund.TicketId, refund.ApprovedBy ?? invocation.Caller.Principal),
            cancellationToken).ConfigureAwait(false);
        return ToolJson.Write(receipt);
    }

    /// <summary>The arguments of <c>refund_customer</c>.</summary>
    public sealed record RefundArguments(string CustomerId, decimal Amount, string Reason, string? Currency, string? TicketId, string? ApprovedBy);
}

/// <summary>Tool <c>reverse_refund</c>: the compensation of <c>refund_customer</c>, called with its output.</summary>
public sealed class ReverseRefundHandler(IBillingSystem billing) : IToolHandler
{
    public string Name => BillingTools.ReverseRefund;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var reversal = ToolJson.Read<ReversalArguments>(invocation.Arguments);
        var receipt = await billing.ReverseRefundAsync(reversal.RefundId, reversal.ReversalReason ?? $"compensation by {invocation.Caller.Agent ?? invocation.Caller.Principal}", cancellationToken).ConfigureAwait(false);
        return ToolJson.Write(receipt);
    }

    /// <summary>The arguments of <c>reverse_refund</c> (other fields of the refund's receipt are ignored).</summary>
    public sealed record ReversalArguments(string RefundId, string? ReversalReason);
}

/// <summary>Tool <c>update_ticket</c>: writes the ticket's status and resolution.</summary>
public sealed class UpdateTicketHandler(BillingResolutionSteps steps) : IToolHandler
{
    public string Name => BillingTools.UpdateTicket;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var change = ToolJson.Read<TicketChange>(invocation.Arguments);
        return ToolJson.Write(await steps.UpdateTicketAsync(change, cancellationToken).ConfigureAwait(false));
    }
}
