using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AiNative.Bench.Ingestion;

/// <summary>A time interval on the <see cref="Stopwatch"/> clock, in seconds.</summary>
internal readonly record struct Span(double Start, double End)
{
    public double Length => End - Start;
}

/// <summary>
/// Records, during the run, when the embedding model was busy (the gateway's <c>gen_ai.client.operation.duration</c>
/// measurements: end = when reported, start = end − duration) and when Durable Task activities ran (the worker's
/// <c>activity:*</c> spans), so the end-to-end time splits into embedding, other activity work and engine gaps.
/// </summary>
internal sealed class Timeline : IDisposable
{
    private readonly ConcurrentQueue<Span> embeddings = new();
    private readonly ConcurrentQueue<(string Name, Span Span)> activities = new();
    private readonly MeterListener meters = new();
    private readonly ActivityListener spans;

    public Timeline()
    {
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "gen_ai.client.operation.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "gen_ai.operation.name" && tag.Value as string == "embeddings")
                {
                    var end = Now;
                    embeddings.Enqueue(new Span(end - seconds, end));
                }
            }
        });
        meters.Start();
        spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.DurableTask",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Worker spans of activities are named "activity:<Name>"; their duration is the activity's own work.
                if (activity.DisplayName.StartsWith("activity:", StringComparison.Ordinal) && activity.Kind == ActivityKind.Server)
                {
                    var end = Now;
                    activities.Enqueue((activity.DisplayName["activity:".Length..], new Span(end - activity.Duration.TotalSeconds, end)));
                }
            },
        };
        ActivitySource.AddActivityListener(spans);
    }

    /// <summary>Seconds on the timeline's clock.</summary>
    public static double Now => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    public void Clear()
    {
        embeddings.Clear();
        activities.Clear();
    }

    /// <summary>Splits <paramref name="window"/> into time with the model busy, other activity work, and no activity running.</summary>
    public Breakdown Split(Span window)
    {
        var embedding = Union(embeddings.Select(e => Clip(e, window)));
        var anyActivity = Union(activities.Select(a => Clip(a.Span, window)).Concat(embedding));
        var embeddingSeconds = embedding.Sum(s => s.Length);
        var busySeconds = anyActivity.Sum(s => s.Length);
        var perActivity = activities
            .GroupBy(a => a.Name, StringComparer.Ordinal)
            .Select(g => new ActivityTotal(g.Key, g.Count(), g.Sum(a => a.Span.Length), g.Max(a => a.Span.Length)))
            .OrderByDescending(a => a.Seconds)
            .ToList();
        return new Breakdown(
            window.Length,
            embeddingSeconds,
            embeddings.Count,
            embeddings.Sum(e => e.Length),
            busySeconds - embeddingSeconds,
            window.Length - busySeconds,
            FirstStart(embedding) - window.Start,
            window.End - LastEnd(embedding),
            perActivity);
    }

    public void Dispose()
    {
        meters.Dispose();
        spans.Dispose();
    }

    private static double FirstStart(List<Span> spans) => spans.Count == 0 ? double.NaN : spans[0].Start;

    private static double LastEnd(List<Span> spans) => spans.Count == 0 ? double.NaN : spans[^1].End;

    private static Span Clip(Span span, Span window) => new(Math.Max(span.Start, window.Start), Math.Min(span.End, window.End));

    private static List<Span> Union(IEnumerable<Span> spans)
    {
        var merged = new List<Span>();
        foreach (var span in spans.Where(s => s.End > s.Start).OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, span.End) };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }
}

/// <summary>One activity name's count, summed and longest duration (seconds; concurrent runs overlap).</summary>
internal sealed record ActivityTotal(string Name, int Count, double Seconds, double LongestSeconds);

/// <summary>
/// The end-to-end window split three ways (they add up to <see cref="WallSeconds"/>): the model busy, other activities
/// running while the model is idle, and nothing running (queue polling, orchestration replays, HTTP, status polling).
/// </summary>
internal sealed record Breakdown(
    double WallSeconds,
    double EmbeddingSeconds,
    int EmbeddingCalls,
    double EmbeddingCallSecondsSummed,
    double OtherActivitySeconds,
    double EngineGapSeconds,
    double BeforeFirstEmbeddingSeconds,
    double AfterLastEmbeddingSeconds,
    IReadOnlyList<ActivityTotal> Activities);
