using AiNative.Platform.Evals.Catalog;

namespace AiNative.Platform.Tests.Evals;

/// <summary>A temporary catalog folder with suite files written by a test; deleted on dispose.</summary>
internal sealed class EvalTestCatalog : IDisposable
{
    public EvalTestCatalog()
    {
        Root = Path.Combine(Path.GetTempPath(), "ainative-evals-" + Path.GetRandomFileName());
        Directory.CreateDirectory(EvalsDirectory);
    }

    /// <summary>The catalog root (what <c>AiNative:CatalogDirectory</c> points at).</summary>
    public string Root { get; }

    public string EvalsDirectory => Path.Combine(Root, "evals");

    public EvalTestCatalog Write(string fileName, string yaml)
    {
        File.WriteAllText(Path.Combine(EvalsDirectory, fileName), yaml);
        return this;
    }

    public EvalCatalog Load() => EvalCatalog.Load(EvalsDirectory);

    /// <summary>The repository's own catalog folder, found by walking up from the test binaries to the solution file.</summary>
    public static string RepositoryCatalog()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AiNative.Functions.sln")))
            {
                return Path.Combine(dir.FullName, "catalog");
            }
        }

        throw new InvalidOperationException("AiNative.Functions.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>A small valid extraction suite: two cases, exact + numeric scorers.</summary>
    public const string MiniSuite = """
        id: mini
        version: 1.2.0
        description: two tickets
        prompt: extract-ticket-info
        input_variable: ticket
        scorers:
          - field: customer_id
            type: exact
          - field: requested_amount
            type: numeric
            tolerance: 0.5
        thresholds:
          overall_min_score: 0.75
          per_scorer_min:
            customer_id_exact: 1.0
          max_failed_cases: 0
        cases:
          - id: a
            input: "C11111 wants 100 EUR back"
            expected:
              customer_id: C11111
              requested_amount: 100
          - id: b
            input: "C22222 wants nothing"
            expected:
              customer_id: C22222
              requested_amount: null
        """;
}
