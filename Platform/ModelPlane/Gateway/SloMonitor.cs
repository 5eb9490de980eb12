using AiNative.Platform.ModelPlane.Registry;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>
/// The seed's SLO classes measured per model: interactive chat p95 &lt; 2 s, tool use p95 &lt; 5 s, batch p99 &lt; 30 s per
/// 1000 tokens, over each model's last <see cref="Window"/> successful calls (batch durations are normalized per 1000 tokens).
/// </summary>
public sealed class SloMonitor
{
    public const int Window = 1000;

    private readonly Dictionary<string, Samples> samples = new(StringComparer.Ordinal);

    /// <summary>Records one successful call of the model.</summary>
    public void Record(ModelDefinition model, TimeSpan elapsed, long tokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        var seconds = model.LatencyClass == LatencyClasses.Batch ? elapsed.TotalSeconds / Math.Max(1, tokens / 1000.0) : elapsed.TotalSeconds;
        Samples window;
        lock (samples)
        {
            if (!samples.TryGetValue(model.Id, out window!))
            {
                samples[model.Id] = window = new Samples(model.LatencyClass);
            }
        }

        window.Add(seconds);
    }

    /// <summary>The model's evaluation against its class objective; <see cref="SloEvaluation.Met"/> is null before any call.</summary>
    public SloEvaluation Evaluate(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var percentile = model.LatencyClass == LatencyClasses.Batch ? 0.99 : 0.95;
        var objective = LatencyClasses.Objective(model.LatencyClass);
        Samples? window;
        lock (samples)
        {
            samples.TryGetValue(model.Id, out window);
        }

        var (count, observed) = window?.Percentile(percentile) ?? (0, null);
        return new SloEvaluation(model.Id, model.LatencyClass, percentile, objective.TotalSeconds, observed, count, observed is null ? null : observed < objective.TotalSeconds);
    }

    /// <summary>Evaluations of every model with at least one recorded call.</summary>
    public IReadOnlyList<(string Model, string LatencyClass, double? Observed, bool? Met)> Observed()
    {
        lock (samples)
        {
            return [.. samples.Select(s =>
            {
                var percentile = s.Value.LatencyClass == LatencyClasses.Batch ? 0.99 : 0.95;
                var (_, observed) = s.Value.Percentile(percentile);
                return (s.Key, s.Value.LatencyClass, observed, observed is null ? (bool?)null : observed < LatencyClasses.Objective(s.Value.LatencyClass).TotalSeconds);
            })];
        }
    }

    private sealed class Samples(string latencyClass)
    {
        private readonly double[] values = new double[Window];
        private int count;
        private int next;

        public string LatencyClass { get; } = latencyClass;

        public void Add(double value)
        {
            lock (values)
            {
                values[next] = value;
                next = (next + 1) % Window;
                count = Math.Min(count + 1, Window);
            }
        }

        public (int Count, double? Value) Percentile(double p)
        {
            double[] copy;
            lock (values)
            {
                if (count == 0)
                {
                    return (0, null);
                }

                copy = values[..count];
            }

            Array.Sort(copy);
            return (copy.Length, copy[Math.Min(copy.Length - 1, (int)Math.Ceiling(p * copy.Length) - 1)]);
        }
    }
}

/// <summary>One model against its SLO class: the objective (seconds at the class's percentile) and what was observed.</summary>
public sealed record SloEvaluation(string Model, string LatencyClass, double Percentile, double ObjectiveSeconds, double? ObservedSeconds, int Samples, bool? Met);
