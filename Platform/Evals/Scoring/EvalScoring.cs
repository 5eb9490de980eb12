using System.Globalization;
using System.Text.RegularExpressions;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.ModelPlane;

namespace AiNative.Platform.Evals.Scoring;

/// <summary>Applies a suite's scorers to one model answer. Pure: the same answer always scores the same.</summary>
public static class EvalScoring
{
    private const int DetailLength = 120;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The scorers that apply to <paramref name="evalCase"/>: those with an expectation from the case or the scorer itself.</summary>
    public static IEnumerable<EvalScorerDefinition> ApplicableScorers(EvalSuite suite, EvalCase evalCase)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(evalCase);
        return suite.Scorers.Where(s => evalCase.Expected.ContainsKey(s.Field)
            || s.Type is EvalScorerType.Regex
            || (s.Type is EvalScorerType.OneOf && s.Values.Count > 0));
    }

    /// <summary>Scores the answer with every applicable scorer.</summary>
    public static IReadOnlyList<EvalScore> Score(EvalSuite suite, EvalCase evalCase, ModelResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ApplicableScorers(suite, evalCase)
            .Select(s => Score(s, evalCase.Expected.GetValueOrDefault(s.Field), FieldValue.Read(response, s.Field)))
            .ToList();
    }

    /// <summary>Every applicable scorer at 0, for a case whose model call failed.</summary>
    public static IReadOnlyList<EvalScore> Unscored(EvalSuite suite, EvalCase evalCase, string reason) =>
        ApplicableScorers(suite, evalCase).Select(s => Result(s, 0, reason)).ToList();

    internal static EvalScore Score(EvalScorerDefinition scorer, EvalExpectedValue? expected, FieldValue actual)
    {
        // A one_of scorer with its own values is a validity check (e.g. an enum): it ignores the case's expectation.
        if (scorer.Type is EvalScorerType.OneOf && scorer.Values.Count > 0)
        {
            return OneOf(scorer, scorer.Values, actual);
        }

        if (expected is { IsNull: true })
        {
            return actual.IsNull ? Result(scorer, 1, null) : Result(scorer, 0, $"expected no value, got {Clip(actual)}");
        }

        return scorer.Type switch
        {
            EvalScorerType.Exact => Exact(scorer, expected!, actual),
            EvalScorerType.Numeric => Numeric(scorer, expected!, actual),
            EvalScorerType.Contains => Contains(scorer, expected!, actual),
            EvalScorerType.OneOf => OneOf(scorer, expected!.Values, actual),
            EvalScorerType.Regex => Regex(scorer, actual),
            _ => throw new ArgumentOutOfRangeException(nameof(scorer), scorer.Type, "Unknown scorer type."),
        };
    }

    private static EvalScore Exact(EvalScorerDefinition scorer, EvalExpectedValue expected, FieldValue actual) =>
        !actual.IsNull && expected.Values.Any(v => SameValue(v, actual, scorer.IgnoreCase))
            ? Result(scorer, 1, null)
            : Result(scorer, 0, $"expected {Clip(expected.ToString())}, got {Clip(actual)}");

    private static EvalScore Numeric(EvalScorerDefinition scorer, EvalExpectedValue expected, FieldValue actual)
    {
        if (actual.Number is not { } number)
        {
            return Result(scorer, 0, $"expected {expected}, got {Clip(actual)} (not a number)");
        }

        var within = expected.Values.Any(v => EvalNumber.TryParse(v, out var target) && Math.Abs(number - target) <= scorer.Tolerance + 1e-9);
        var tolerance = scorer.Tolerance > 0 ? $" ± {scorer.Tolerance.ToString(CultureInfo.InvariantCulture)}" : "";
        return within ? Result(scorer, 1, null) : Result(scorer, 0, $"expected {expected}{tolerance}, got {actual.Text}");
    }

    private static EvalScore Contains(EvalScorerDefinition scorer, EvalExpectedValue expected, FieldValue actual)
    {
        var text = actual.Text ?? "";
        var missing = expected.Values.Where(v => !text.Contains(v, StringComparison.OrdinalIgnoreCase)).ToList();
        var score = (double)(expected.Values.Count - missing.Count) / expected.Values.Count;
        return missing.Count == 0
            ? Result(scorer, 1, null)
            : Result(scorer, score, Clip($"missing {string.Join(", ", missing.Select(m => $"'{m}'"))}"));
    }

    private static EvalScore OneOf(EvalScorerDefinition scorer, IReadOnlyList<string> accepted, FieldValue actual) =>
        !actual.IsNull && accepted.Any(v => SameValue(v, actual, scorer.IgnoreCase))
            ? Result(scorer, 1, null)
            : Result(scorer, 0, Clip($"expected one of [{string.Join(", ", accepted)}], got {actual}"));

    private static EvalScore Regex(EvalScorerDefinition scorer, FieldValue actual)
    {
        var options = RegexOptions.CultureInvariant | (scorer.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return actual.Text is { } text && System.Text.RegularExpressions.Regex.IsMatch(text, scorer.Pattern!, options, RegexTimeout)
                ? Result(scorer, 1, null)
                : Result(scorer, 0, $"{Clip(actual)} does not match /{scorer.Pattern}/");
        }
        catch (RegexMatchTimeoutException)
        {
            return Result(scorer, 0, $"/{scorer.Pattern}/ timed out");
        }
    }

    private static bool SameValue(string expected, FieldValue actual, bool ignoreCase)
    {
        if (actual.Number is { } number && EvalNumber.TryParse(expected, out var target))
        {
            return Math.Abs(number - target) <= 1e-9;
        }

        return string.Equals(expected.Trim(), actual.Text?.Trim(), ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static EvalScore Result(EvalScorerDefinition scorer, double score, string? detail) =>
        new(scorer.Name, scorer.Field, TypeName(scorer.Type), score, score >= 1, detail);

    /// <summary>The scorer type as written in suite files (<c>one_of</c>, not <c>OneOf</c>).</summary>
    public static string TypeName(EvalScorerType type) => type switch
    {
        EvalScorerType.OneOf => "one_of",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string Clip(FieldValue value) => Clip(value.ToString());

    private static string Clip(string text) => text.Length <= DetailLength ? text : text[..DetailLength] + "…";
}
