using System.Diagnostics;
using OpenTelemetry;

namespace AiNative.Platform.Telemetry;

/// <summary>
/// Stamps the orchestration instance id on every span started under an activity execution (model calls, retrieval,
/// storage, tools), and on the Durable Task SDK's own spans (which carry it under their own name, set after start),
/// so one run's spans can be found by its id whichever library started them.
/// </summary>
public sealed class OrchestrationSpanProcessor : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetTagItem(PlatformTelemetry.InstanceIdTag) is not null)
        {
            return;
        }

        for (var parent = data.Parent; parent is not null; parent = parent.Parent)
        {
            if ((parent.GetTagItem(PlatformTelemetry.InstanceIdTag) ?? parent.GetTagItem(PlatformTelemetry.DurableInstanceIdTag)) is string instanceId)
            {
                data.SetTag(PlatformTelemetry.InstanceIdTag, instanceId);
                return;
            }
        }
    }

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetTagItem(PlatformTelemetry.InstanceIdTag) is null && data.GetTagItem(PlatformTelemetry.DurableInstanceIdTag) is string instanceId)
        {
            data.SetTag(PlatformTelemetry.InstanceIdTag, instanceId);
        }
    }
}
