namespace AiNative.Platform.AgentPlane.Tools.Handlers;

/// <summary>Names of the billing agent's tools in <c>catalog/tools</c>.</summary>
public static class BillingTools
{
    public const string CheckBillingSystem = "check_billing_system";
    public const string RefundCustomer = "refund_customer";
    public const string ReverseRefund = "reverse_refund";
    public const string UpdateTicket = "update_ticket";
}
