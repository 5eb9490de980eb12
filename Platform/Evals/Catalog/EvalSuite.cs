namespace AiNative.Platform.Evals.Catalog;

/// <summary>A versioned eval suite from <c>catalog/evals/*.yaml</c>: golden cases for one prompt, how to score them, and the gate.</summary>
public sealed record EvalSuite(
    string Id,
    string Version,
    string Description,
    string Prompt,
    string InputVariable,
    IReadOnlyList<EvalCase> Cases,
    IReadOnlyList<EvalScorerDefinition> Scorers,
    EvalThresholds Thresholds,
    string SourceFile)
{
    /// <summary>The case with this id.</summary>
    /// <exception cref="KeyNotFoundException">The suite has no such case.</exception>
    public EvalCase GetCase(string caseId) =>
        Cases.FirstOrDefault(c => string.Equals(c.Id, caseId, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"Eval suite '{Id}' has no case '{caseId}'.");
}

/// <summary>One golden case: the input that fills the prompt variable and the expected output fields.</summary>
public sealed record EvalCase(
    string Id,
    string Input,
    IReadOnlyDictionary<string, EvalExpectedValue> Expected,
    string? Context);

/// <summary>
/// What a case expects for one field: one value, several accepted values (a YAML list), or none at all
/// (YAML <c>null</c>: the field must be absent or null).
/// </summary>
public sealed record EvalExpectedValue(IReadOnlyList<string> Values)
{
    public static readonly EvalExpectedValue Null = new([]);

    public bool IsNull => Values.Count == 0;

    public override string ToString() => IsNull ? "null" : Values.Count == 1 ? Values[0] : "[" + string.Join(", ", Values) + "]";
}

/// <summary>How scorers compare a field of the model's answer with the case's expectation.</summary>
public enum EvalScorerType
{
    /// <summary>Equal to the expected value (numbers compared as numbers).</summary>
    Exact,

    /// <summary>A number within <see cref="EvalScorerDefinition.Tolerance"/> of the expected number.</summary>
    Numeric,

    /// <summary>Contains every expected substring (case-insensitive); the score is the fraction found.</summary>
    Contains,

    /// <summary>Equal to one of the scorer's <c>values</c> (a validity check on every case), or else of the case's list.</summary>
    OneOf,

    /// <summary>Matches the scorer's <c>pattern</c>.</summary>
    Regex,
}

/// <summary>One scorer of a suite. <see cref="Field"/> is a JSON output field (dotted path) or <c>text</c> for the raw answer.</summary>
public sealed record EvalScorerDefinition(
    string Name,
    string Field,
    EvalScorerType Type,
    double Tolerance,
    bool IgnoreCase,
    IReadOnlyList<string> Values,
    string? Pattern)
{
    /// <summary>The pseudo-field naming the model's raw text answer.</summary>
    public const string TextField = "text";
}

/// <summary>The gate a run must pass: overall score, per-scorer minimum means, and how many cases may fail.</summary>
public sealed record EvalThresholds(
    double OverallMinScore,
    IReadOnlyDictionary<string, double> PerScorerMin,
    int? MaxFailedCases);
