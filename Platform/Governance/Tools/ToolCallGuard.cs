using AiNative.Platform.Governance.Policies;

namespace AiNative.Platform.Governance.Tools;

/// <summary>Risk of a tool's side effects, as the tool registry declares it.</summary>
public enum ToolRisk
{
    Low,
    Medium,
    High,
}

/// <summary>What the guard decided for one tool call.</summary>
public enum ToolCallDecision
{
    Allow,
    RequireApproval,
    Block,
}

/// <summary>One tool call to check: the tool, its risk, calls already made in the run, and whether untrusted content is in the run's context.</summary>
public sealed record ToolCallRequest(string Tool, ToolRisk Risk, int CallsSoFar, bool UntrustedContentInContext);

/// <summary>The decision, why, and the policy that made it (id and version, for the audit trail).</summary>
public sealed record ToolCallVerdict(ToolCallDecision Decision, string Explanation, string PolicyId, string PolicyVersion);

/// <summary>
/// Checks a tool call against the run's policy: the call budget, tools that always need a person, and what happens to
/// risky calls once untrusted content (retrieved documents, tool outputs) is in the context, where an indirect injection
/// could be steering the model.
/// </summary>
public static class ToolCallGuard
{
    public static ToolCallVerdict Check(GuardrailPolicy policy, ToolCallRequest call)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(call);
        var tools = policy.Tools;
        ToolCallVerdict Verdict(ToolCallDecision decision, string why) => new(decision, why, policy.Id, policy.Version);

        if (tools.MaxCallsPerRun > 0 && call.CallsSoFar >= tools.MaxCallsPerRun)
        {
            return Verdict(ToolCallDecision.Block, $"Tool '{call.Tool}' blocked: the run already made {call.CallsSoFar} tool calls and policy '{policy.Id}' allows {tools.MaxCallsPerRun}.");
        }

        if (tools.RequireApproval.Contains(call.Tool, StringComparer.Ordinal))
        {
            return Verdict(ToolCallDecision.RequireApproval, $"Tool '{call.Tool}' always needs approval under policy '{policy.Id}'.");
        }

        if (call.UntrustedContentInContext && call.Risk != ToolRisk.Low)
        {
            var decision = tools.AfterUntrustedContent;
            var why = $"Tool '{call.Tool}' ({call.Risk.ToString().ToLowerInvariant()} risk) was requested after untrusted content entered the context";
            return decision switch
            {
                GuardrailAction.Block => Verdict(ToolCallDecision.Block, why + $"; policy '{policy.Id}' blocks such calls."),
                GuardrailAction.RequireApproval => Verdict(ToolCallDecision.RequireApproval, why + $"; policy '{policy.Id}' requires approval."),
                _ when call.Risk == ToolRisk.High => Verdict(ToolCallDecision.RequireApproval, why + "; high-risk tools need approval whatever the policy's flag setting."),
                _ => Verdict(ToolCallDecision.Allow, why + $"; policy '{policy.Id}' only flags it."),
            };
        }

        if (call.Risk == ToolRisk.High && tools.HighRiskRequiresApproval)
        {
            return Verdict(ToolCallDecision.RequireApproval, $"Tool '{call.Tool}' is high risk; policy '{policy.Id}' sends high-risk calls to a person.");
        }

        return Verdict(ToolCallDecision.Allow, $"Tool '{call.Tool}' allowed by policy '{policy.Id}' (call {call.CallsSoFar + 1}{(tools.MaxCallsPerRun > 0 ? $" of at most {tools.MaxCallsPerRun}" : "")}).");
    }
}
