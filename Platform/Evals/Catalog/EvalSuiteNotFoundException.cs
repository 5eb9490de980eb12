namespace AiNative.Platform.Evals.Catalog;

/// <summary>No eval suite has the requested id; <see cref="AvailableSuites"/> lists the ones that exist.</summary>
public sealed class EvalSuiteNotFoundException : Exception
{
    public EvalSuiteNotFoundException() : this("", []) { }

    public EvalSuiteNotFoundException(string message) : base(message) => (SuiteId, AvailableSuites) = ("", []);

    public EvalSuiteNotFoundException(string message, Exception inner) : base(message, inner) => (SuiteId, AvailableSuites) = ("", []);

    public EvalSuiteNotFoundException(string suiteId, IReadOnlyList<string> availableSuites)
        : base($"No eval suite '{suiteId}'. Available: {(availableSuites.Count == 0 ? "(none)" : string.Join(", ", availableSuites))}.")
    {
        SuiteId = suiteId;
        AvailableSuites = availableSuites;
    }

    public string SuiteId { get; }

    public IReadOnlyList<string> AvailableSuites { get; }
}
