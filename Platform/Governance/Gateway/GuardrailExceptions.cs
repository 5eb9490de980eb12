namespace AiNative.Platform.Governance.Gateway;

/// <summary>
/// A guardrail stopped the call: an input or output was flagged as prompt injection and the policy says
/// <c>block</c>, or <c>require_approval</c>, which a synchronous call cannot wait for (see <see cref="Action"/>).
/// </summary>
public sealed class GuardrailViolationException : Exception
{
    public GuardrailViolationException() { }

    public GuardrailViolationException(string message) : base(message) { }

    public GuardrailViolationException(string message, Exception inner) : base(message, inner) { }

    public GuardrailViolationException(string message, string policy, string channel, double score, IReadOnlyList<string> reasons, string action = Policies.GuardrailAction.Block) : base(message)
    {
        Policy = policy;
        Channel = channel;
        Score = score;
        Reasons = reasons;
        Action = action;
    }

    /// <summary>
    /// The policy's action: <c>block</c> (refused), or <c>require_approval</c> (refused pending approval: no person can
    /// approve inside a synchronous call; an agent run gets the approval flow).
    /// </summary>
    public string Action { get; } = Policies.GuardrailAction.Block;

    /// <summary>True when the policy asked for a person's approval rather than a refusal.</summary>
    public bool RequiresApproval => Action == Policies.GuardrailAction.RequireApproval;

    /// <summary>The policy that decided, as "id@version".</summary>
    public string Policy { get; } = "";

    public string Channel { get; } = "";

    public double Score { get; }

    public IReadOnlyList<string> Reasons { get; } = [];
}

/// <summary>The model's answer broke the required JSON schema on every attempt (the first answer and each re-ask).</summary>
public sealed class OutputValidationException : Exception
{
    public OutputValidationException() { }

    public OutputValidationException(string message) : base(message) { }

    public OutputValidationException(string message, Exception inner) : base(message, inner) { }

    public OutputValidationException(string message, string policy, int attempts, IReadOnlyList<string> errors) : base(message)
    {
        Policy = policy;
        Attempts = attempts;
        Errors = errors;
    }

    public string Policy { get; } = "";

    /// <summary>Model calls made: the first answer plus the re-asks.</summary>
    public int Attempts { get; }

    /// <summary>The validation errors of the last answer ("/path: problem").</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
