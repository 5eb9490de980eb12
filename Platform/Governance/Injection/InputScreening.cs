namespace AiNative.Platform.Governance.Injection;

/// <summary>
/// The outcome of scanning a run's user input, fixed when the run starts so replays see the same value: the policy
/// that decided ("id@version"), the detector's score and reasons, and the action (flag or require_approval).
/// </summary>
public sealed record InputScreening(string Policy, double Score, IReadOnlyList<string> Reasons, string Action)
{
    /// <summary>True when the policy sends this run's actions to a person whatever the analysis says.</summary>
    public bool RequiresApproval => Action == Policies.GuardrailAction.RequireApproval;

    /// <summary>One line for approvers and the audit trail.</summary>
    public string Describe() => $"the request was flagged as possible prompt injection (score {Score:0.00}: {string.Join(", ", Reasons)}; policy {Policy})";
}
