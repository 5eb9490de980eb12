namespace AiNative.Platform.Evals.Catalog;

/// <summary>One or more eval suite files are invalid; <see cref="Errors"/> names each file, field and problem.</summary>
public sealed class EvalCatalogException : Exception
{
    public EvalCatalogException() : this([]) { }

    public EvalCatalogException(string message) : this([message]) { }

    public EvalCatalogException(string message, Exception inner) : base(message, inner) => Errors = [message];

    public EvalCatalogException(IReadOnlyList<string> errors)
        : base("Invalid eval suites in the catalog:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e))) =>
        Errors = errors;

    public IReadOnlyList<string> Errors { get; }
}
