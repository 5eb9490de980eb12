using AiNative.Platform.Evals.Catalog;

namespace AiNative.Platform.Tests.Evals;

public sealed class EvalCatalogTests : IDisposable
{
    private readonly EvalTestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public void Loads_the_shipped_suites_when_reading_the_repository_catalog()
    {
        var catalog = EvalCatalog.Load(Path.Combine(EvalTestCatalog.RepositoryCatalog(), "evals"));

        var billing = catalog.GetSuite("billing-extraction");
        var qa = catalog.GetSuite("support-qa");

        Assert.Contains("billing-extraction", catalog.SuiteIds);
        Assert.True(billing.Cases.Count >= 12);
        Assert.Equal("extract-ticket-info", billing.Prompt);
        Assert.Equal("ticket", billing.InputVariable);
        Assert.Equal(billing.Cases.Count, billing.Cases.Select(c => c.Expected["customer_id"].Values[0]).Distinct().Count());
        Assert.Contains(billing.Cases, c => c.Expected["requested_amount"].IsNull);
        Assert.Equal(
            ["billing_error", "duplicate_charge", "other", "service_outage"],
            billing.Cases.SelectMany(c => c.Expected["issue_type"].Values).Distinct().Order());
        Assert.Equal("answer-question", qa.Prompt);
        Assert.All(qa.Cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Context)));
    }

    [Fact]
    public void Parses_scorers_thresholds_and_expectations_when_the_file_is_valid()
    {
        var suite = _catalog.Write("mini.yaml", EvalTestCatalog.MiniSuite).Load().GetSuite("mini");

        Assert.Equal("1.2.0", suite.Version);
        Assert.Equal(["customer_id_exact", "requested_amount_numeric"], suite.Scorers.Select(s => s.Name));
        Assert.Equal(0.5, suite.Scorers[1].Tolerance);
        Assert.Equal(0.75, suite.Thresholds.OverallMinScore);
        Assert.Equal(1.0, suite.Thresholds.PerScorerMin["customer_id_exact"]);
        Assert.Equal(0, suite.Thresholds.MaxFailedCases);
        Assert.Equal(["100"], suite.GetCase("a").Expected["requested_amount"].Values);
        Assert.True(suite.GetCase("b").Expected["requested_amount"].IsNull);
    }

    [Fact]
    public void Throws_listing_available_suites_when_the_id_is_unknown()
    {
        var catalog = _catalog.Write("mini.yaml", EvalTestCatalog.MiniSuite).Load();

        var error = Assert.Throws<EvalSuiteNotFoundException>(() => catalog.GetSuite("nope"));

        Assert.Equal("nope", error.SuiteId);
        Assert.Equal(["mini"], error.AvailableSuites);
        Assert.Contains("Available: mini", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Returns_an_empty_catalog_when_the_folder_does_not_exist()
    {
        var catalog = EvalCatalog.Load(Path.Combine(_catalog.Root, "missing"));

        Assert.Empty(catalog.SuiteIds);
    }

    [Theory]
    [InlineData("type: exact", "type: fuzzy", "scorers[0].type (line 8): 'fuzzy' is not a scorer type")]
    [InlineData("prompt: extract-ticket-info", "prompt: ", "prompt (line 4): is required")]
    [InlineData("version: 1.2.0", "version: latest", "version (line 2): 'latest' must be a semantic version")]
    [InlineData("requested_amount: 100", "requested_amount: lots", "cases[0] (a).expected.requested_amount (line 22): 'lots' is not a number, but scorer 'requested_amount_numeric' is numeric")]
    [InlineData("customer_id: C11111", "customer_ident: C11111", "cases[0] (a).expected.customer_ident (line 21): no scorer reads field 'customer_ident'")]
    [InlineData("customer_id_exact: 1.0", "customer_id_exakt: 1.0", "thresholds.per_scorer_min.customer_id_exakt (line 15): no scorer is named 'customer_id_exakt'")]
    [InlineData("overall_min_score: 0.75", "overall_min_score: 75", "thresholds.overall_min_score (line 13): 75 is outside 0..1")]
    [InlineData("max_failed_cases: 0", "max_failed_cases: -1", "thresholds.max_failed_cases (line 16): must be a whole number, zero or more")]
    [InlineData("- id: b", "- id: a", "cases[1] (a).id (line 23): duplicate case id 'a'")]
    [InlineData("input_variable: ticket", "input_varible: ticket", "input_varible (line 5): unknown field")]
    [InlineData("tolerance: 0.5", "tolerance: -2", "scorers[1].tolerance (line 11): must be zero or more")]
    [InlineData("id: mini", "id: Mini Suite", "id (line 1): 'Mini Suite' must be lowercase letters, digits and dashes")]
    public void Names_file_field_and_line_when_a_suite_is_invalid(string valid, string broken, string message)
    {
        Assert.Contains(valid, EvalTestCatalog.MiniSuite, StringComparison.Ordinal);
        _catalog.Write("broken.yaml", EvalTestCatalog.MiniSuite.Replace(valid, broken, StringComparison.Ordinal));

        var error = Assert.Throws<EvalCatalogException>(_catalog.Load);

        Assert.Contains(error.Errors, e => e.StartsWith("broken.yaml: " + message, StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_a_regex_scorer_without_a_valid_pattern()
    {
        _catalog.Write("regex.yaml", EvalTestCatalog.MiniSuite.Replace(
            "  - field: requested_amount\n    type: numeric\n    tolerance: 0.5",
            "  - field: customer_id\n    name: id_format\n    type: regex\n    pattern: '^C(\\d{5}$'",
            StringComparison.Ordinal).Replace("requested_amount: 100", "", StringComparison.Ordinal).Replace("requested_amount: null", "", StringComparison.Ordinal));

        var error = Assert.Throws<EvalCatalogException>(_catalog.Load);

        Assert.Contains(error.Errors, e => e.StartsWith("regex.yaml: scorers[1].pattern (line 12): is not a valid regular expression", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_every_broken_file_and_duplicate_ids_when_loading_a_folder()
    {
        _catalog.Write("a-mini.yaml", EvalTestCatalog.MiniSuite)
            .Write("b-copy.yaml", EvalTestCatalog.MiniSuite)
            .Write("c-syntax.yaml", "id: x\ncases: [unclosed\n")
            .Write("d-list.yml", "- just\n- a list\n");

        var error = Assert.Throws<EvalCatalogException>(_catalog.Load);

        Assert.Equal(3, error.Errors.Count);
        Assert.Equal("b-copy.yaml: id: 'mini' is already defined in a-mini.yaml", error.Errors[0]);
        Assert.StartsWith("c-syntax.yaml: (document) (line ", error.Errors[1], StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("d-list.yml: (document): expected exactly one YAML mapping", error.Errors[2], StringComparison.Ordinal);
        Assert.Contains("c-syntax.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_scorer_that_no_case_gives_an_expectation_for()
    {
        _catalog.Write("orphan.yaml", EvalTestCatalog.MiniSuite.Replace(
            "  - field: requested_amount\n",
            "  - field: currency\n    type: exact\n  - field: requested_amount\n",
            StringComparison.Ordinal));

        var error = Assert.Throws<EvalCatalogException>(_catalog.Load);

        Assert.Equal(["orphan.yaml: scorers[1]: scorer 'currency_exact' needs an expected 'currency' in at least one case"], error.Errors);
    }
}
