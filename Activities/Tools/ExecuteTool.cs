using System.Text.Json;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Tools;

/// <summary>
/// Runs one registry tool through the eight-step wrapper. The idempotency key is the orchestration instance and the
/// call's position in it, so a retried, replayed or re-delivered call returns the recorded result instead of acting twice.
/// What it returns is PII-redacted by <see cref="ToolExecutor"/> (ledger, audit and MCP share it); what it throws is
/// redacted by the hosts like any activity failure (PiiExceptionRedaction), a transient failure staying transient.
/// </summary>
public sealed class ExecuteTool(ToolExecutor executor)
{
    [Function(nameof(ExecuteTool))]
    public Task<ToolResult> Run([ActivityTrigger] ToolCallRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return executor.ExecuteAsync(new ToolCall(input.Tool, input.Arguments, input.Caller, input.IdempotencyKey, input.RunId, input.Compensates));
    }
}

/// <summary>
/// One tool call of an orchestration: <paramref name="InstanceId"/> and <paramref name="CallIndex"/> (its position among the
/// instance's tool calls) make the idempotency key; <paramref name="RunId"/> is the run whose audit trail records it.
/// </summary>
public sealed record ToolCallRequest(string InstanceId, int CallIndex, string Tool, JsonElement Arguments, ToolCaller Caller, string RunId, string? Compensates = null)
{
    /// <summary>"{instance}:tool:{position}"; compensations use "{instance}:undo:{position of the call they reverse}".</summary>
    public string IdempotencyKey => Compensates is null ? $"{InstanceId}:tool:{CallIndex}" : $"{InstanceId}:undo:{CallIndex}";
}
