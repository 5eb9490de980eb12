namespace AiNative.Platform.Governance.Pii;

/// <summary>How a finding is rewritten.</summary>
public enum PiiOperator
{
    /// <summary><c>&lt;EMAIL_ADDRESS&gt;</c>.</summary>
    Replace,

    /// <summary>Letters and digits become <c>*</c> except the last 4 (numbers) or the domain (e-mail); separators stay.</summary>
    Mask,

    /// <summary>Removed.</summary>
    Redact,

    /// <summary><c>&lt;EMAIL_ADDRESS:ab12cd34ef56ab78&gt;</c>: HMAC-SHA256 with <c>Guardrails__Pii__HashKey</c>; the same value gives the same pseudonym.</summary>
    Hash,

    /// <summary><c>&lt;EMAIL_ADDRESS:enc:...&gt;</c>: AES-GCM with <c>Guardrails__Pii__EncryptionKey</c>; authorised callers decrypt with <see cref="PiiDecryptor"/>.</summary>
    Encrypt,
}

/// <summary>Which findings a redaction rewrites, and how (policy YAML maps onto this).</summary>
public sealed record PiiRedactionOptions
{
    /// <summary>Every entity, replaced with <c>&lt;TYPE&gt;</c>, from score 0.5.</summary>
    public static PiiRedactionOptions Default { get; } = new();

    /// <summary>Operator by entity type (e.g. <c>CREDIT_CARD</c> → <see cref="PiiOperator.Mask"/>); others use <see cref="DefaultOperator"/>.</summary>
    public IReadOnlyDictionary<string, PiiOperator> Operators { get; init; } = new Dictionary<string, PiiOperator>();

    /// <summary>The operator for entity types not in <see cref="Operators"/>.</summary>
    public PiiOperator DefaultOperator { get; init; } = PiiOperator.Replace;

    /// <summary>Findings scoring below this are left as they are.</summary>
    public double MinScore { get; init; } = 0.5;

    /// <summary>Entity types to rewrite; <c>null</c> = all.</summary>
    public IReadOnlySet<string>? Entities { get; init; }

    /// <summary>The operator for <paramref name="entityType"/>.</summary>
    public PiiOperator OperatorFor(string entityType) =>
        Operators.TryGetValue(entityType, out var op) ? op : DefaultOperator;

    /// <summary>Whether <paramref name="finding"/> is rewritten under these options.</summary>
    public bool Includes(PiiFinding finding) =>
        finding is not null && finding.Score >= MinScore && (Entities is null || Entities.Contains(finding.Type));
}
