namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>Finds what runs a tool: the C# handler its <c>handler:</c> names, or the HTTP or MCP client.</summary>
public sealed class ToolBindings(IEnumerable<IToolHandler> handlers, HttpToolHandler http, McpToolHandler mcp)
{
    private readonly Dictionary<string, IToolHandler> byName = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    /// <summary>Names of the registered C# handlers.</summary>
    public IReadOnlySet<string> HandlerNames => byName.Keys.ToHashSet(StringComparer.Ordinal);

    public IToolHandler HandlerFor(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return tool switch
        {
            { Handler: { } name } => byName.TryGetValue(name, out var handler) ? handler : throw new InvalidOperationException($"No handler '{name}' is registered for tool '{tool.Name}'."),
            { Http: not null } => http,
            { Mcp: not null } => mcp,
            _ => throw new InvalidOperationException($"Tool '{tool.Name}' has no binding."),
        };
    }
}
