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
        samples.TryGetValue(model, out var s) && s.Percentile(0.95) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    private sealed class Samples
    {
        private readonly double[] values = new double[Window];
        private int count;
        private int next;

        public void Add(double value)
        {
            lock (values)
            {
                values[next] = value;
                next = (next + 1) % Window;
                count = Math.Min(count + 1, Window);
            }
        }

        public double? Percentile(double p)
        {
            double[] copy;
            lock (values)
            {
                if (count < MinimumSamples)
                {
                    return null;
                }

                copy = values[..count];
            }

            Array.Sort(copy);
            return copy[Math.Min(copy.Length - 1, (int)Math.Ceiling(p * copy.Length) - 1)];
        }
    }
}
