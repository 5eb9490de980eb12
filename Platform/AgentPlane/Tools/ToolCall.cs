using System.Text.Json;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>Who calls a tool: the principal (user or API key), the agent acting for it, and the permissions granted.</summary>
public sealed record ToolCaller(string Principal, string? Agent, IReadOnlyList<string> Permissions);

/// <summary>
/// One call through the wrapper. <paramref name="IdempotencyKey"/> (instance id and call position) makes a repeated
/// call return the recorded result; <paramref name="RunId"/> groups the audit trail; <paramref name="Compensates"/>
/// names the call an undo call reverses.
/// </summary>
public sealed record ToolCall(
    string Tool,
    JsonElement Arguments,
    ToolCaller Caller,
    string? IdempotencyKey = null,
    string? RunId = null,
    string? Compensates = null);

/// <summary>What the agent sees: the output, or a typed, explained error. <see cref="Undo"/> is the compensating tool of a successful side effect.</summary>
public sealed record ToolResult(
    string Tool,
    string CallId,
    JsonElement? Output,
    ToolError? Error,
    bool Replayed = false,
    string? Undo = null,
    string? IdempotencyKey = null)
{
    public bool Succeeded => Error is null;
}

/// <summary>A refusal or failure the agent can read and act on; <see cref="Code"/> is one of <see cref="ToolErrorCodes"/>.</summary>
public sealed record ToolError(string Code, string Message, IReadOnlyList<string>? Details = null, double? RetryAfterSeconds = null);

/// <summary>Values of <see cref="ToolError.Code"/>.</summary>
public static class ToolErrorCodes
{
    public const string UnknownTool = "unknown_tool";
    public const string InvalidInput = "invalid_input";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string Timeout = "timeout";
    public const string InvalidOutput = "invalid_output";
    public const string HandlerFailed = "handler_failed";

    /// <summary>An exception no tool is expected to throw (a bug): the audit trail gets its type and redacted message, MCP callers its type.</summary>
    public const string Internal = "internal";
}

/// <summary>A failure worth retrying (storage or network hiccup): thrown, so the durable activity retry policy fires.</summary>
public sealed class ToolTransientException : Exception
{
    public ToolTransientException() { }

    public ToolTransientException(string message) : base(message) { }

    public ToolTransientException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A handler's explained refusal (bad business input, unknown entity): the agent sees it as <c>handler_failed</c>.</summary>
public sealed class ToolHandlerException : Exception
{
    public ToolHandlerException() { }

    public ToolHandlerException(string message) : base(message) { }

    public ToolHandlerException(string message, Exception inner) : base(message, inner) { }
}
