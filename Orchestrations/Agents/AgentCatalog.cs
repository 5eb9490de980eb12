namespace AiNative.Orchestrations.Agents;

/// <summary>The agents a run can be started for, by name (the <c>{agent}</c> of <c>POST /api/agents/{agent}/runs</c>).</summary>
public static class AgentCatalog
{
    public const string BillingResolution = "billing-resolution";

    /// <summary>The incident-response graph: logs → metrics → runbook → approval → remediation → verification.</summary>
    public const string IncidentResponse = "incident-response";

    /// <summary>The general tool-using agent loop (also runs long-lived sessions).</summary>
    public const string Assistant = "assistant";

    public static IReadOnlyList<string> Names { get; } = [BillingResolution, IncidentResponse, Assistant];

    /// <summary>Agents that hold conversations (<c>POST /api/sessions</c>).</summary>
    public static IReadOnlyList<string> SessionAgents { get; } = [Assistant];

    public static bool Exists(string agent) => Names.Contains(agent, StringComparer.Ordinal);

    public static bool SupportsSessions(string agent) => SessionAgents.Contains(agent, StringComparer.Ordinal);

    /// <summary>The orchestration a run of the agent starts (each takes an <see cref="AgentRunRequest"/>).</summary>
    public static string OrchestratorOf(string agent) => agent switch
    {
        IncidentResponse => nameof(Agents.IncidentResponse),
        Assistant => nameof(RunAssistant),
        _ => nameof(RunAgent),
    };

    /// <summary>True for the orchestrations that are agent runs (events may be raised to them).</summary>
    public static bool IsRunOrchestrator(string? name) =>
        name is nameof(RunAgent) or nameof(Agents.IncidentResponse) or nameof(RunAssistant);

    /// <summary>The permissions an agent's tool calls carry (checked by the tool wrapper against each tool's <c>permissions</c>).</summary>
    public static IReadOnlyList<string> PermissionsOf(string agent) => agent switch
    {
        BillingResolution => ["billing.account.read", "billing.refund.create", "billing.refund.reverse", "tickets.write"],
        IncidentResponse => ["ops.logs.read", "ops.metrics.read", "ops.runbooks.read", "ops.remediate", "ops.remediate.undo"],
        Assistant => ["ops.logs.read", "ops.metrics.read", "ops.runbooks.read", "ops.remediate", "ops.remediate.undo", "billing.account.read"],
        _ => [],
    };
}
