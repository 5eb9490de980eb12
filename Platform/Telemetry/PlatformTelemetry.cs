using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AiNative.Platform.Telemetry;

/// <summary>The platform's OpenTelemetry sources: one ActivitySource and one Meter, named <c>AiNative</c>.</summary>
public static class PlatformTelemetry
{
    public const string Name = "AiNative";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
