namespace AiNative.Platform.Governance.Policies;

/// <summary>The loaded guardrail policies; resolves the policy of an agent or a gateway route, else the <c>default</c> one.</summary>
public sealed class PolicyRegistry
{
    /// <summary>The id of the policy used when no other applies (required in the catalog).</summary>
    public const string DefaultId = "default";

    /// <summary>The route name of the OpenAI-compatible endpoint (<c>/api/v1/chat/completions</c>).</summary>
    public const string GatewayRoute = "gateway";

    private readonly Dictionary<string, GuardrailPolicy> byAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GuardrailPolicy> byRoute = new(StringComparer.Ordinal);

    private PolicyRegistry(List<GuardrailPolicy> policies, List<string> errors)
    {
        All = policies;
        foreach (var policy in policies)
        {
            foreach (var agent in policy.Agents)
            {
                if (!byAgent.TryAdd(agent, policy))
                {
                    errors.Add($"{Path.GetFileName(policy.SourceFile)}: applies_to.agents: agent '{agent}' is also covered by policy '{byAgent[agent].Id}'");
                }
            }

            foreach (var route in policy.Routes)
            {
                if (!byRoute.TryAdd(route, policy))
                {
                    errors.Add($"{Path.GetFileName(policy.SourceFile)}: applies_to.routes: route '{route}' is also covered by policy '{byRoute[route].Id}'");
                }
            }
        }

        Default = policies.FirstOrDefault(p => p.Id == DefaultId)!;
    }

    public IReadOnlyList<GuardrailPolicy> All { get; }

    public GuardrailPolicy Default { get; }

    /// <summary>Loads every <c>*.yaml</c> of <paramref name="directory"/>.</summary>
    /// <exception cref="PolicyCatalogException">A file is invalid, two policies claim one agent or route, or there is no <c>default</c> policy.</exception>
    public static PolicyRegistry LoadFromDirectory(string directory)
    {
        var errors = new List<string>();
        var policies = PolicyCatalogLoader.LoadDirectory(directory, errors);
        var registry = new PolicyRegistry(policies, errors);
        if (errors.Count == 0 && registry.Default is null)
        {
            errors.Add($"{directory}: no policy with id '{DefaultId}' (it applies wherever no other policy does)");
        }

        return errors.Count > 0 ? throw new PolicyCatalogException(errors) : registry;
    }

    /// <summary>The policy covering <paramref name="agent"/>, or the default.</summary>
    public GuardrailPolicy ForAgent(string? agent) => agent is not null && byAgent.TryGetValue(agent, out var policy) ? policy : Default;

    /// <summary>The policy covering <paramref name="route"/>, or the default.</summary>
    public GuardrailPolicy ForRoute(string? route) => route is not null && byRoute.TryGetValue(route, out var policy) ? policy : Default;
}
