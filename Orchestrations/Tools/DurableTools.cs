using System.Text.Json;
using AiNative.Activities.Tools;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.AgentPlane.Tools.Handlers;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Tools;

/// <summary>
/// Registry tools from inside an orchestration: every call goes through <see cref="ExecuteTool"/> under the key
/// "{instance}:tool:{position}", and completed side effects whose tool declares an <c>undo</c> are remembered so
/// <see cref="CompensateAsync"/> can reverse them newest first (saga). Deterministic: positions count calls in replay order.
/// </summary>
public sealed class DurableTools(TaskOrchestrationContext context, ToolCaller caller, string runId)
{
    /// <summary>A rate-limited call waits (durable timer) for the window to reopen this many times before the refusal stands.</summary>
    public const int MaxRateLimitWaits = 3;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    private readonly List<CompletedSideEffect> sideEffects = [];
    private int next;

    /// <summary>Side effects that would be compensated, oldest first.</summary>
    public IReadOnlyList<CompletedSideEffect> SideEffects => sideEffects;

    /// <summary>Calls a tool; the result carries the output or the typed error the agent should see.</summary>
    public async Task<ToolResult> CallAsync(string tool, object arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var index = next++;
        var args = arguments as JsonElement? ?? JsonSerializer.SerializeToElement(arguments, arguments.GetType(), ToolJson.Options);
        var result = await RunAsync(new ToolCallRequest(context.InstanceId, index, tool, args, caller, runId));
        if (result.Succeeded && result.Undo is { } undo)
        {
            sideEffects.Add(new CompletedSideEffect(index, tool, undo, result.Output ?? default));
        }

        return result;
    }

    /// <summary>Calls a tool and reads its output as <typeparamref name="T"/> (snake_case); a refusal throws <see cref="ToolCallFailedException"/>.</summary>
    public async Task<T> CallAsync<T>(string tool, object arguments)
    {
        var result = await CallAsync(tool, arguments);
        return result is { Succeeded: true, Output: { } output }
            ? output.Deserialize<T>(ToolJson.Options) ?? throw new ToolCallFailedException(result)
            : throw new ToolCallFailedException(result);
    }

    /// <summary>Reverses every remembered side effect, newest first, through the same wrapper (audited as compensations).</summary>
    public async Task<IReadOnlyList<ToolResult>> CompensateAsync()
    {
        var results = new List<ToolResult>();
        for (var i = sideEffects.Count - 1; i >= 0; i--)
        {
            var effect = sideEffects[i];
            results.Add(await RunAsync(new ToolCallRequest(context.InstanceId, effect.CallIndex, effect.Undo, effect.Output, caller, runId, $"{effect.Tool}#{effect.CallIndex}")));
        }

        sideEffects.Clear();
        return results;
    }

    private async Task<ToolResult> RunAsync(ToolCallRequest request)
    {
        for (var waits = 0; ; waits++)
        {
            var result = await context.CallActivityAsync<ToolResult>(nameof(ExecuteTool), request, Retry);
            if (result.Error is not { Code: ToolErrorCodes.RateLimited } error || waits >= MaxRateLimitWaits)
            {
                return result;
            }

            // Refusals are not recorded under the key, so the same position may try again once the window reopens.
            await context.CreateTimer(TimeSpan.FromSeconds(Math.Max(1, error.RetryAfterSeconds ?? 1)), CancellationToken.None);
        }
    }
}

/// <summary>A completed tool call with a side effect: its position, tool, compensating tool, and output (the undo's arguments).</summary>
public sealed record CompletedSideEffect(int CallIndex, string Tool, string Undo, JsonElement Output);

/// <summary>A tool call the flow needed refused or failed; <see cref="Result"/> says why.</summary>
public sealed class ToolCallFailedException : Exception
{
    public ToolCallFailedException() { }

    public ToolCallFailedException(string message) : base(message) { }

    public ToolCallFailedException(string message, Exception inner) : base(message, inner) { }

    public ToolCallFailedException(ToolResult result)
        : base($"Tool '{result?.Tool}' failed: {result?.Error?.Code}: {result?.Error?.Message}") => Result = result;

    public ToolResult? Result { get; }
}
