using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiNative.Platform.AgentPlane.Operations;

/// <summary>The demo operations data of <c>catalog/ops/telemetry.json</c>.</summary>
public sealed record OperationsSeed(
    IReadOnlyList<OperationsSeed.Service> Services,
    IReadOnlyList<OperationsSeed.Log> Logs,
    IReadOnlyList<OperationsSeed.Metric> Metrics)
{
    public const string RelativePath = "ops/telemetry.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>Reads and checks the file; a broken file names itself and the problem.</summary>
    public static OperationsSeed Load(string catalogDirectory)
    {
        var file = Path.Combine(catalogDirectory, RelativePath);
        OperationsSeed? seed;
        try
        {
            seed = JsonSerializer.Deserialize<OperationsSeed>(File.ReadAllText(file), Json);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new OperationsException($"{file}: {e.Message}", e);
        }

        if (seed?.Services is not { Count: > 0 } || seed.Logs is null || seed.Metrics is null)
        {
            throw new OperationsException($"{file}: needs 'services', 'logs' and 'metrics'.");
        }

        var names = seed.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = seed.Logs.Select(l => l.Service).Concat(seed.Metrics.Select(m => m.Service)).FirstOrDefault(s => !names.Contains(s));
        return unknown is null ? seed : throw new OperationsException($"{file}: service '{unknown}' is used but not listed under 'services'.");
    }

    /// <summary>A service and its state at seeding.</summary>
    public sealed record Service(string Name, int Replicas, string Version, string Status, string Owner);

    /// <summary>A log line, <see cref="MinutesAgo"/> before seeding.</summary>
    public sealed record Log(string Service, int MinutesAgo, string Level, string Message);

    /// <summary>A metric series ending at seeding time, one point per <see cref="IntervalMinutes"/>, oldest first.</summary>
    public sealed record Metric(string Service, string Name, string Unit, int IntervalMinutes, IReadOnlyList<double> Points)
    {
        [JsonPropertyName("metric")]
        public string Name { get; init; } = Name;
    }
}
