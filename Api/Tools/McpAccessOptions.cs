namespace AiNative.Api.Tools;

/// <summary>
/// Who may call the registry over MCP (configuration section <c>Mcp</c>): per client name an API key and the
/// permissions its calls carry, e.g. <c>Mcp__Clients__support-bot__ApiKey</c>, <c>Mcp__Clients__support-bot__Permissions__0</c>.
/// No clients configured: <c>/api/mcp</c> answers 401.
/// </summary>
public sealed class McpAccessOptions
{
    public const string Section = "Mcp";

    public Dictionary<string, McpClientAccess> Clients { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One MCP client: its API key (secret) and granted permissions (<c>billing.*</c> style wildcards allowed).</summary>
public sealed class McpClientAccess
{
    public string? ApiKey { get; set; }

    public List<string> Permissions { get; init; } = [];
}
