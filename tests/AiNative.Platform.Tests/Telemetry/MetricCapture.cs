using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AiNative.Platform.Telemetry;

namespace AiNative.Platform.Tests.Telemetry;

/// <summary>Records every measurement of the platform's <c>AiNative</c> meter while alive (tests filter by their own tag values).</summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener listener = new();

    public MetricCapture()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlatformTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        listener.Start();
    }

    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    /// <summary>The measurements of <paramref name="name"/> whose tags include every given pair.</summary>
    public List<Measurement> Of(string name, params (string Key, object? Value)[] tags) =>
        [.. Measurements.Where(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))];

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, copy));
    }

    /// <summary>One recorded value with its instrument's name and unit.</summary>
    public sealed record Measurement(string Name, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);
}
