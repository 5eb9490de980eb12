using System.Text.Json;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// A C# tool implementation, bound by <see cref="Name"/> to the <c>handler:</c> of a tool in the catalog. Side-effecting
/// handlers must pass <see cref="ToolInvocation.IdempotencyKey"/> to the system they change, so a re-executed call acts once.
/// </summary>
public interface IToolHandler
{
    string Name { get; }

    /// <summary>Runs the tool on validated arguments; returns the JSON result (validated against the output schema afterwards).</summary>
    Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>What a handler receives: the tool, the validated arguments, the idempotency key and the caller.</summary>
public sealed record ToolInvocation(ToolDefinition Tool, JsonElement Arguments, string IdempotencyKey, ToolCaller Caller, string? RunId);
