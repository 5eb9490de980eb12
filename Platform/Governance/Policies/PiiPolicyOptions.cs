using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Governance.Policies;

/// <summary>A policy's PII section as the redactor's options: listed entities get their operator, every other entity the default.</summary>
public static class PiiPolicyOptions
{
    public static PiiRedactionOptions ToRedactionOptions(this PiiPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PiiRedactionOptions
        {
            DefaultOperator = Parse(policy.DefaultOperator),
            MinScore = policy.MinScore,
            Operators = policy.Operators.ToDictionary(o => o.Key, o => Parse(o.Value), StringComparer.Ordinal),
        };
    }

    // The loader has already refused unknown operator names, so anything else is a bug.
    private static PiiOperator Parse(string name) => Enum.Parse<PiiOperator>(name, ignoreCase: true);
}
