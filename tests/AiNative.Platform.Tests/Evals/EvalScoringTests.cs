using System.Text.Json;
using AiNative.Platform.Evals;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.Evals.Scoring;
using AiNative.Platform.ModelPlane;

namespace AiNative.Platform.Tests.Evals;

public sealed class EvalScoringTests
{
    private static EvalScore ScoreJson(EvalScorerDefinition scorer, EvalExpectedValue? expected, string outputJson) =>
        EvalScoring.Score(scorer, expected, FieldValue.Read(Response(outputJson), scorer.Field));

    private static ModelResponse Response(string outputJson, string? text = null)
    {
        using var document = JsonDocument.Parse(outputJson);
        return new ModelResponse(text ?? outputJson, document.RootElement.Clone(), "m", "p", "1.0.0", 1, 1);
    }

    private static EvalScorerDefinition Scorer(string field, EvalScorerType type, double tolerance = 0, bool ignoreCase = false,
        IReadOnlyList<string>? values = null, string? pattern = null) =>
        new($"{field}_{type}", field, type, tolerance, ignoreCase, values ?? [], pattern);

    private static EvalExpectedValue Expect(params string[] values) => new(values);

    [Theory]
    [InlineData("""{"customer_id":"C10482"}""", true)]
    [InlineData("""{"customer_id":" C10482 "}""", true)]
    [InlineData("""{"customer_id":"c10482"}""", false)]
    [InlineData("""{"customer_id":"C10428"}""", false)]
    [InlineData("""{}""", false)]
    public void Exact_compares_trimmed_text_case_sensitively(string output, bool passed)
    {
        var score = ScoreJson(Scorer("customer_id", EvalScorerType.Exact), Expect("C10482"), output);

        Assert.Equal(passed, score.Passed);
        Assert.Equal(passed ? 1 : 0, score.Score);
        Assert.Equal(passed, score.Detail is null);
    }

    [Fact]
    public void Exact_ignores_case_and_compares_numbers_as_numbers_when_configured()
    {
        Assert.True(ScoreJson(Scorer("currency", EvalScorerType.Exact, ignoreCase: true), Expect("EUR"), """{"currency":"eur"}""").Passed);
        Assert.True(ScoreJson(Scorer("amount", EvalScorerType.Exact), Expect("450"), """{"amount":450.00}""").Passed);
        Assert.True(ScoreJson(Scorer("issue_type", EvalScorerType.Exact), Expect("other", "billing_error"), """{"issue_type":"billing_error"}""").Passed);
    }

    [Theory]
    [InlineData("""{"requested_amount":1240.5}""", true)]
    [InlineData("""{"requested_amount":1240.509}""", true)]
    [InlineData("""{"requested_amount":"1240.50"}""", true)]
    [InlineData("""{"requested_amount":1240.52}""", false)]
    [InlineData("""{"requested_amount":"about 1240"}""", false)]
    [InlineData("""{"requested_amount":null}""", false)]
    public void Numeric_passes_within_the_tolerance(string output, bool passed)
    {
        var score = ScoreJson(Scorer("requested_amount", EvalScorerType.Numeric, tolerance: 0.01), Expect("1240.50"), output);

        Assert.Equal(passed, score.Passed);
    }

    [Theory]
    [InlineData("""{"requested_amount":null}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"requested_amount":""}""", true)]
    [InlineData("""{"requested_amount":0}""", false)]
    public void A_null_expectation_requires_the_field_to_be_absent(string output, bool passed)
    {
        var score = ScoreJson(Scorer("requested_amount", EvalScorerType.Numeric), EvalExpectedValue.Null, output);

        Assert.Equal(passed, score.Passed);
        Assert.Equal(passed ? null : "expected no value, got '0'", score.Detail);
    }

    [Fact]
    public void Contains_scores_the_fraction_of_expected_phrases_found()
    {
        var scorer = Scorer(EvalScorerDefinition.TextField, EvalScorerType.Contains);
        var response = new ModelResponse("Card refunds take 5 Business Days.", null, "m", "p", "1", 1, 1);

        var score = EvalScoring.Score(scorer, Expect("5 business days", "original payment method", "card"), FieldValue.Read(response, scorer.Field));

        Assert.False(score.Passed);
        Assert.Equal(2.0 / 3, score.Score, 12);
        Assert.Equal("missing 'original payment method'", score.Detail);
    }

    [Theory]
    [InlineData("""{"issue_type":"duplicate_charge"}""", true)]
    [InlineData("""{"issue_type":"Duplicate_Charge"}""", false)]
    [InlineData("""{"issue_type":"refund"}""", false)]
    public void One_of_accepts_the_scorer_values_when_the_case_gives_none(string output, bool passed)
    {
        var scorer = Scorer("issue_type", EvalScorerType.OneOf, values: ["service_outage", "billing_error", "duplicate_charge", "other"]);

        var score = ScoreJson(scorer, null, output);

        Assert.Equal(passed, score.Passed);
    }

    [Fact]
    public void One_of_checks_the_scorer_values_whatever_the_case_expects()
    {
        var scorer = Scorer("issue_type", EvalScorerType.OneOf, values: ["service_outage", "billing_error", "duplicate_charge", "other"]);

        var valid = ScoreJson(scorer, Expect("billing_error"), """{"issue_type":"service_outage"}""");
        var invalid = ScoreJson(scorer, EvalExpectedValue.Null, """{"issue_type":"refund"}""");

        Assert.True(valid.Passed);
        Assert.False(invalid.Passed);
        Assert.Equal("expected one of [service_outage, billing_error, duplicate_charge, other], got 'refund'", invalid.Detail);
    }

    [Fact]
    public void One_of_uses_the_case_list_when_the_scorer_has_no_values()
    {
        var score = ScoreJson(Scorer("issue_type", EvalScorerType.OneOf), Expect("other", "billing_error"), """{"issue_type":"service_outage"}""");

        Assert.False(score.Passed);
        Assert.Equal("expected one of [other, billing_error], got 'service_outage'", score.Detail);
    }

    [Theory]
    [InlineData("""{"customer_id":"C90317"}""", true)]
    [InlineData("""{"customer_id":"C9031"}""", false)]
    [InlineData("""{"customer_id":"customer C90317"}""", false)]
    [InlineData("""{}""", false)]
    public void Regex_matches_the_scorer_pattern(string output, bool passed)
    {
        var score = ScoreJson(Scorer("customer_id", EvalScorerType.Regex, pattern: @"^C\d{5}$"), null, output);

        Assert.Equal(passed, score.Passed);
    }

    [Fact]
    public void Reads_nested_fields_and_json_text_when_the_gateway_gives_no_parsed_output()
    {
        var response = new ModelResponse("""{"billing":{"currency":"CHF"}}""", null, "m", "p", "1", 1, 1);

        var value = FieldValue.Read(response, "billing.currency");

        Assert.Equal("CHF", value.Text);
        Assert.Null(FieldValue.Read(response, "billing.amount").Text);
    }

    [Fact]
    public void Applies_only_scorers_with_an_expectation_for_the_case()
    {
        var suite = new EvalSuite("s", "1.0.0", "", "p", "ticket", [], [
            Scorer("customer_id", EvalScorerType.Exact),
            Scorer("currency", EvalScorerType.Exact),
            Scorer("customer_id", EvalScorerType.Regex, pattern: "^C"),
            Scorer("issue_type", EvalScorerType.OneOf, values: ["other"]),
        ], new EvalThresholds(0, new Dictionary<string, double>(), null), "s.yaml");
        var evalCase = new EvalCase("c", "in", new Dictionary<string, EvalExpectedValue> { ["customer_id"] = Expect("C1") }, null);

        var scores = EvalScoring.Score(suite, evalCase, Response("""{"customer_id":"C1","issue_type":"other"}"""));

        Assert.Equal(["customer_id_Exact", "customer_id_Regex", "issue_type_OneOf"], scores.Select(s => s.Scorer));
        Assert.All(scores, s => Assert.True(s.Passed));
        Assert.Equal(["exact", "regex", "one_of"], scores.Select(s => s.Type));
    }
}
