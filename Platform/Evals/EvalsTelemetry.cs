using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiNative.Platform.Evals.Catalog;
using AiNative.Platform.Telemetry;

namespace AiNative.Platform.Evals;

/// <summary>Eval scores as telemetry: a span per case and a score histogram tagged by suite, version and prompt.</summary>
internal static class EvalsTelemetry
{
    private static readonly Histogram<double> CaseScore = PlatformTelemetry.Meter.CreateHistogram<double>(
        "ainative.eval.case.score", description: "Score (0..1) of one eval case");

    private static readonly Histogram<double> MetricScore = PlatformTelemetry.Meter.CreateHistogram<double>(
        "ainative.eval.metric.score", description: "Score (0..1) of one scorer (metric) on one eval case");

    public static Activity? StartCase(EvalSuite suite, EvalCase evalCase)
    {
        var span = PlatformTelemetry.Source.StartActivity($"eval {suite.Id}");
        span?.SetTag("ainative.eval.suite", suite.Id);
        span?.SetTag("ainative.eval.suite_version", suite.Version);
        span?.SetTag("ainative.eval.case", evalCase.Id);
        span?.SetTag("gen_ai.prompt.id", suite.Prompt);
        return span;
    }

    public static void Record(Activity? span, EvalCaseResult result)
    {
        span?.SetTag("ainative.eval.score", result.Score);
        span?.SetTag("ainative.eval.passed", result.Passed);
        span?.SetTag("gen_ai.response.model", result.Model);
        CaseScore.Record(result.Score,
            new KeyValuePair<string, object?>("ainative.eval.suite", result.SuiteId),
            new KeyValuePair<string, object?>("ainative.eval.suite_version", result.SuiteVersion),
            new KeyValuePair<string, object?>("gen_ai.response.model", result.Model));
        foreach (var score in result.Scores)
        {
            MetricScore.Record(score.Score,
                new KeyValuePair<string, object?>("ainative.eval.suite", result.SuiteId),
                new KeyValuePair<string, object?>("ainative.eval.metric", score.Scorer),
                new KeyValuePair<string, object?>("ainative.eval.field", score.Field),
                new KeyValuePair<string, object?>("gen_ai.response.model", result.Model));
        }
    }
}
