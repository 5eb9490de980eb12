using System.Text.Json;
using Json.Schema;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>One typed tool of <c>catalog/tools/*.yaml</c>: the seed's schema plus how it executes.</summary>
public sealed class ToolDefinition
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>Every permission the caller must hold (e.g. <c>billing.refund.create</c>).</summary>
    public required IReadOnlyList<string> Permissions { get; init; }

    public required JsonElement InputSchemaJson { get; init; }

    public required JsonElement OutputSchemaJson { get; init; }

    public required JsonSchema InputSchema { get; init; }

    public required JsonSchema OutputSchema { get; init; }

    /// <summary>"5 per minute" as written, and parsed.</summary>
    public required ToolRateLimit RateLimit { get; init; }

    /// <summary><see cref="AuditLevels"/>: how much of a call the audit log keeps.</summary>
    public required string AuditLevel { get; init; }

    /// <summary><see cref="ToolRisks"/>: high-risk tools need approval when a policy says so.</summary>
    public string Risk { get; init; } = ToolRisks.Low;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The compensating tool, called with this tool's output when a run fails after the side effect.</summary>
    public string? Undo { get; init; }

    /// <summary>Exactly one of <see cref="Handler"/>, <see cref="Http"/>, <see cref="Mcp"/> is set.</summary>
    public string? Handler { get; init; }

    public ToolHttpBinding? Http { get; init; }

    public ToolMcpBinding? Mcp { get; init; }

    /// <summary>File and line the tool was read from, for messages.</summary>
    public required string Source { get; init; }
}

/// <summary>A tool executed as a call to an external REST endpoint.</summary>
/// <param name="Method">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="UrlTemplate">Absolute URL; <c>{name}</c> placeholders are filled from the arguments (URL-escaped).</param>
/// <param name="AuthSetting">Name of the setting holding the bearer token; never the secret itself.</param>
public sealed record ToolHttpBinding(string Method, string UrlTemplate, string? AuthSetting);

/// <summary>A tool executed by calling a tool of an external MCP server (streamable HTTP).</summary>
/// <param name="Endpoint">The server's streamable HTTP endpoint.</param>
/// <param name="Tool">The tool's name on that server.</param>
/// <param name="AuthSetting">Name of the setting holding the bearer token or API key sent to the server, if any.</param>
public sealed record ToolMcpBinding(string Endpoint, string Tool, string? AuthSetting);

/// <summary>"N per second|minute|hour|day".</summary>
public sealed record ToolRateLimit(string Text, int Permits, TimeSpan Window);

/// <summary>Values of <see cref="ToolDefinition.AuditLevel"/>.</summary>
public static class AuditLevels
{
    /// <summary>Metadata only: tool, caller, status, duration, error code.</summary>
    public const string Low = "low";

    /// <summary>Metadata plus the redacted input.</summary>
    public const string Medium = "medium";

    /// <summary>Metadata plus the redacted input and output.</summary>
    public const string High = "high";

    public static readonly IReadOnlyList<string> All = [Low, Medium, High];
}

/// <summary>Values of <see cref="ToolDefinition.Risk"/>.</summary>
public static class ToolRisks
{
    public const string Low = "low";
    public const string High = "high";

    public static readonly IReadOnlyList<string> All = [Low, High];
}
