using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AiNative.Platform.Telemetry;

/// <summary>The platform's OpenTelemetry sources: one ActivitySource and one Meter, named <c>AiNative</c>.</summary>
public static class PlatformTelemetry
{
    public const string Name = "AiNative";

    /// <summary>Tag that carries the durable orchestration instance id on every span of a run.</summary>
    public const string InstanceIdTag = "ainative.orchestration.instance_id";

    /// <summary>The Durable Task SDK's own tag for the instance id (its worker spans carry it).</summary>
    public const string DurableInstanceIdTag = "durabletask.task.instance_id";

    /// <summary>The Durable Task SDK's ActivitySource (client, worker and orchestration spans).</summary>
    public const string DurableTaskSourceName = "Microsoft.DurableTask";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
