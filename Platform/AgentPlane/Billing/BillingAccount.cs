namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>A customer account as the agent sees it: the customer, the incidents that affected it, and its refunds so far.</summary>
public sealed record BillingAccount(
    BillingCustomer Customer,
    IReadOnlyList<BillingIncident> Incidents,
    IReadOnlyList<RefundReceipt> Refunds);

/// <summary>A customer of the billing system.</summary>
public sealed record BillingCustomer(
    string CustomerId,
    string Name,
    string Plan,
    decimal MonthlyFee,
    string Currency,
    string Email);

/// <summary>A service incident and the customers it affected.</summary>
public sealed record BillingIncident(
    string IncidentId,
    string Title,
    DateOnly Date,
    double DowntimeHours,
    IReadOnlyList<string> AffectedCustomerIds);
