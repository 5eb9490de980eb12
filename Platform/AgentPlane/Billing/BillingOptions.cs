using System.ComponentModel.DataAnnotations;

namespace AiNative.Platform.AgentPlane.Billing;

/// <summary>Limits of the demo billing system (configuration section <c>Billing</c>, e.g. <c>Billing__MaxRefundAmount</c>).</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>The largest single refund the billing system accepts, in the account's currency.</summary>
    [Range(typeof(decimal), "0.01", "1000000")]
    public decimal MaxRefundAmount { get; set; } = 5000m;
}
