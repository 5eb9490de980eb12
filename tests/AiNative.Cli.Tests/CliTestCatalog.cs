namespace AiNative.Cli.Tests;

/// <summary>A temporary catalog folder for one test; deleted on dispose.</summary>
internal sealed class CliTestCatalog : IDisposable
{
    public CliTestCatalog()
    {
        Root = Path.Combine(Path.GetTempPath(), "ainative-cli-" + Path.GetRandomFileName());
        Directory.CreateDirectory(Path.Combine(Root, "evals"));
    }

    public string Root { get; }

    public CliTestCatalog Write(string fileName, string yaml)
    {
        File.WriteAllText(Path.Combine(Root, "evals", fileName), yaml);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The repository's catalog folder, found by walking up to the solution file.</summary>
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

    /// <summary>
    /// Three tickets; the regex reader gets the first two right and misses the amount in words of the third:
    /// case scores 1, 1 and 0.75, overall 0.917 against a minimum of 0.9 and at most one failed case.
    /// </summary>
    public const string TicketSuite = """
        id: tickets
        version: 2.0.0
        description: three tickets
        prompt: extract-ticket-info
        input_variable: ticket
        scorers:
          - field: customer_id
            type: exact
          - field: incident_id
            type: exact
          - field: requested_amount
            type: numeric
            tolerance: 0.01
          - field: currency
            type: exact
        thresholds:
          overall_min_score: 0.9
          per_scorer_min:
            customer_id_exact: 1.0
          max_failed_cases: 1
        cases:
          - id: outage
            input: "C10001 reports INC-101, please refund 45.50 EUR"
            expected: { customer_id: C10001, incident_id: INC-101, requested_amount: 45.5, currency: EUR }
          - id: duplicate
            input: "C10002 was billed twice, refund 20 USD"
            expected: { customer_id: C10002, incident_id: null, requested_amount: 20, currency: USD }
          - id: words
            input: "C10003 wants five hundred USD back for INC-103"
            expected: { customer_id: C10003, incident_id: INC-103, requested_amount: 500, currency: USD }
        """;
}
