using System.Text.Json;

namespace AiNative.Platform.Tests.Telemetry.Infra;

/// <summary>
/// The Functions host process logs outside the worker's redaction: <c>host.json</c> keeps payloads out of what it logs
/// (what the host logs by default, and what these settings change, is in README "PII guardrails").
/// </summary>
public sealed class HostLoggingTests
{
    private static readonly string[] QuietLevels = ["Warning", "Error", "Critical", "None"];

    [Fact]
    public void Durable_extension_logs_sizes_not_inputs_outputs_or_failure_messages()
    {
        using var host = JsonDocument.Parse(RepositoryFiles.Read("Functions", "host.json"));
        var tracing = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("tracing");

        // false: inputs and outputs are logged as byte counts and failures as exception type and stack only.
        Assert.False(tracing.GetProperty("traceInputsAndOutputs").GetBoolean());
        Assert.False(tracing.GetProperty("traceReplayEvents").GetBoolean());
    }

    [Theory]
    [InlineData("DurableTask.Core")] // logs a failed activity's full exception text (TaskActivityFailure) at Information
    [InlineData("DurableTask.AzureStorage")]
    public void Durable_engine_categories_log_warnings_only(string category)
    {
        using var host = JsonDocument.Parse(RepositoryFiles.Read("Functions", "host.json"));
        var level = host.RootElement.GetProperty("logging").GetProperty("logLevel").GetProperty(category).GetString();

        Assert.Contains(level, QuietLevels);
    }
}
