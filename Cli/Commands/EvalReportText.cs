using System.Globalization;
using System.Text;
using AiNative.Platform.Evals;

namespace AiNative.Cli.Commands;

/// <summary>The human-readable run report: per-scorer table, failed cases with reasons, and the gate verdict.</summary>
internal static class EvalReportText
{
    public static string Render(EvalRunReport report)
    {
        var summary = report.Summary;
        var text = new StringBuilder();
        text.Append('\n');
        text.Append(TextTable.Render(
            ["Scorer", "Field", "Type", "Mean", "Passed", "Min"],
            summary.Scorers.Select(s => new[]
            {
                s.Scorer, s.Field, s.Type, F(s.MeanScore),
                $"{s.PassedCases}/{s.Cases}", s.MinScore is { } min ? F(min) : "-",
            }).ToList()));
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Overall score {F(summary.OverallScore)}; {summary.PassedCases}/{summary.TotalCases} cases passed; ");
        text.Append(CultureInfo.InvariantCulture, $"model {Join(summary.Models)}, prompt {summary.PromptId} v{Join(summary.PromptVersions)}; ");
        text.Append(CultureInfo.InvariantCulture, $"tokens {summary.InputTokens} in / {summary.OutputTokens} out\n");

        var failed = report.Cases.Where(c => !c.Passed).ToList();
        if (failed.Count > 0)
        {
            text.Append("\nFailed cases:\n");
            foreach (var result in failed)
            {
                var reasons = result.Error is { } error
                    ? [$"model call failed: {error}"]
                    : result.Scores.Where(s => !s.Passed).Select(s => $"{s.Scorer}: {s.Detail}").ToList();
                text.Append(CultureInfo.InvariantCulture, $"  {result.CaseId} ({F(result.Score)}): {string.Join("; ", reasons)}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\nGate: {(summary.Passed ? "PASSED" : "FAILED")}\n");
        foreach (var violation in summary.Violations)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {violation.Message}\n");
        }

        return text.ToString();
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "(none)" : string.Join(", ", values);
}
