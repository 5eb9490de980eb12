namespace AiNative.Orchestrations.Agents;

/// <summary>The agents a run can be started for, by name (the <c>{agent}</c> of <c>POST /api/agents/{agent}/runs</c>).</summary>
public static class AgentCatalog
{
    public const string BillingResolution = "billing-resolution";

    public static IReadOnlyList<string> Names { get; } = [BillingResolution];

    public static bool Exists(string agent) => Names.Contains(agent, StringComparer.Ordinal);
}
