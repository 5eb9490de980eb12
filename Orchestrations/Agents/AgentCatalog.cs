namespace AiNative.Orchestrations.Agents;

/// <summary>The agents a run can be started for, by name (the <c>{agent}</c> of <c>POST /api/agents/{agent}/runs</c>).</summary>
public static class AgentCatalog
{
    public const string BillingResolution = "billing-resolution";

    public static IReadOnlyList<string> Names { get; } = [BillingResolution];

    public static bool Exists(string agent) => Names.Contains(agent, StringComparer.Ordinal);

    /// <summary>The permissions an agent's tool calls carry (checked by the tool wrapper against each tool's <c>permissions</c>).</summary>
    public static IReadOnlyList<string> PermissionsOf(string agent) => agent switch
    {
        BillingResolution => ["billing.account.read", "billing.refund.create", "billing.refund.reverse", "tickets.write"],
        _ => [],
    };
}
