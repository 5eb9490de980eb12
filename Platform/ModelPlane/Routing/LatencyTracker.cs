using System.Collections.Concurrent;

namespace AiNative.Platform.ModelPlane.Routing;

/// <summary>Observed call durations per model (the last <see cref="Window"/> successful calls), for latency routing and adaptive timeouts.</summary>
public sealed class LatencyTracker
{
    public const int Window = 200;

    /// <summary>Below this many observations the latency class's objective stands in for the p95.</summary>
    public const int MinimumSamples = 5;

    private readonly ConcurrentDictionary<string, Samples> samples = new(StringComparer.Ordinal);

    public void Record(string model, TimeSpan duration) => samples.GetOrAdd(model, _ => new Samples()).Add(duration.TotalMilliseconds);

    /// <summary>p95 of the recent calls, or null while fewer than <see cref="MinimumSamples"/> were observed.</summary>
    public TimeSpan? P95(string model) =>
        samples.TryGetValue(model, out var s) && s.P95() is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    // Every call reads the p95 (adaptive timeout, latency routing): sorting the window each time cost more than the rest of
    // the stage, so the value is cached and recomputed after every count/25 new samples (8 for a full window; small windows
    // recompute on every read, where sorting is cheap and each sample moves the percentile).
    private sealed class Samples
    {

        private readonly double[] values = new double[Window];
        private int count;
        private int next;
        private int sinceComputed = int.MaxValue;
        private double? p95;

        public void Add(double value)
        {
            lock (values)
            {
                values[next] = value;
                next = (next + 1) % Window;
                count = Math.Min(count + 1, Window);
                sinceComputed = sinceComputed == int.MaxValue ? int.MaxValue : sinceComputed + 1;
            }
        }

        public double? P95()
        {
            double[] copy;
            lock (values)
            {
                if (count < MinimumSamples)
                {
                    return null;
                }

                if (sinceComputed < count / 25 && p95 is { } cached)
                {
                    return cached;
                }

                copy = values[..count];
                sinceComputed = 0;
            }

            Array.Sort(copy);
            var value = copy[Math.Min(copy.Length - 1, (int)Math.Ceiling(0.95 * copy.Length) - 1)];
            lock (values)
            {
                p95 = value;
            }

            return value;
        }
    }
}
