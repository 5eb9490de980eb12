using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.Telemetry;

namespace AiNative.Platform.Tests.Telemetry.Infra;

/// <summary>The workbook charts metrics the platform really emits: every metric name its queries read is an instrument of the <c>AiNative</c> meter.</summary>
public sealed partial class WorkbookTests
{
    // Metric names in `name == "x"` and `name in ("x", "y")` filters of customMetrics queries.
    [GeneratedRegex("""name\s*(?:==\s*"(?<one>[^"]+)"|in\s*\((?<many>[^)]*)\))""")]
    private static partial Regex MetricFilter();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();

    [Fact]
    public void Every_metric_the_workbook_charts_is_emitted_by_the_platform()
    {
        var emitted = PlatformInstruments();
        var charted = WorkbookMetricNames();

        Assert.NotEmpty(charted);
        Assert.All(charted, name => Assert.True(
            emitted.Contains(name) || name.StartsWith("gen_ai.client.", StringComparison.Ordinal),
            $"The workbook charts '{name}', which nothing emits. Emitted: {string.Join(", ", emitted.Order(StringComparer.Ordinal))}"));
        foreach (var required in new[] { "ainative.approvals.decision_time", "ainative.tool.refusals", "ainative.retrieval.top_score", "ainative.eval.metric.score" })
        {
            Assert.Contains(required, charted);
        }
    }

    /// <summary>Every instrument of the AiNative meter, after running every platform type's static initialisers.</summary>
    private static HashSet<string> PlatformInstruments()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == PlatformTelemetry.Name)
                {
                    lock (names)
                    {
                        names.Add(instrument.Name);
                    }
                }
            },
        };
        foreach (var type in typeof(PlatformTelemetry).Assembly.GetTypes().Where(t => !t.IsGenericTypeDefinition))
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }

        _ = new GatewayMetrics(() => []);
        listener.Start();
        return names;
    }

    private static HashSet<string> WorkbookMetricNames()
    {
        using var workbook = JsonDocument.Parse(RepositoryFiles.Read("infra", "dashboards", "ainative-workbook.json"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in workbook.RootElement.GetProperty("items").EnumerateArray())
        {
            if (!item.GetProperty("content").TryGetProperty("query", out var query) || !query.GetString()!.TrimStart().StartsWith("customMetrics", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in MetricFilter().Matches(query.GetString()!))
            {
                if (match.Groups["one"].Success)
                {
                    names.Add(match.Groups["one"].Value);
                }

                foreach (Match quoted in Quoted().Matches(match.Groups["many"].Value))
                {
                    names.Add(quoted.Groups[1].Value);
                }
            }
        }

        return names;
    }
}
