namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>
/// Telemetry tests listen to process-wide sources and meters: they run alone, after the parallel tests, so the
/// counts they read are their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryHostFixture>
{
    public const string Name = "Telemetry";
}
