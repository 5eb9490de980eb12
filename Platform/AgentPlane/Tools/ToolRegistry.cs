namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>The typed tools agents may call: <c>catalog/tools/*.yaml</c>, validated once at start-up against the registered handlers.</summary>
public sealed class ToolRegistry
{
    public const string DirectoryName = "tools";

    private readonly Dictionary<string, ToolDefinition> byName;

    public ToolRegistry(IReadOnlyList<ToolDefinition> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        All = [.. tools.OrderBy(t => t.Name, StringComparer.Ordinal)];
        byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ToolDefinition> All { get; }

    public bool TryGet(string name, out ToolDefinition tool) => byName.TryGetValue(name, out tool!);

    public ToolDefinition Get(string name) =>
        byName.TryGetValue(name, out var tool) ? tool : throw new KeyNotFoundException($"Tool '{name}' is not in catalog/{DirectoryName} (known: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}).");

    /// <summary>
    /// Loads and validates every file; throws <see cref="ToolCatalogException"/> listing every problem with file, line and field:
    /// YAML and schema errors, duplicate names, unknown handlers, undo tools that do not exist.
    /// </summary>
    public static ToolRegistry Load(string directory, IReadOnlySet<string> handlerNames)
    {
        ArgumentNullException.ThrowIfNull(handlerNames);
        var errors = new List<string>();
        if (!Directory.Exists(directory))
        {
            return new ToolRegistry([]);
        }

        var tools = ToolCatalogLoader.LoadDirectory(directory, errors);
        foreach (var duplicate in tools.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{duplicate.Last().Source}: {duplicate.Key}.name: duplicate tool name (also {duplicate.First().Source})");
        }

        tools = [.. tools.DistinctBy(t => t.Name, StringComparer.Ordinal)];
        var names = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (tool.Handler is { } handler && !handlerNames.Contains(handler))
            {
                errors.Add($"{tool.Source}: {tool.Name}.handler: no C# handler is registered as '{handler}' (registered: {string.Join(", ", handlerNames.Order(StringComparer.Ordinal))})");
            }

            if (tool.Undo is { } undo && !names.Contains(undo))
            {
                errors.Add($"{tool.Source}: {tool.Name}.undo: '{undo}' is not a tool in catalog/{DirectoryName}");
            }
            else if (tool.Undo == tool.Name)
            {
                errors.Add($"{tool.Source}: {tool.Name}.undo: a tool cannot undo itself");
            }
        }

        if (errors.Count > 0)
        {
            throw new ToolCatalogException($"The tool catalog in {directory} is invalid:\n  {string.Join("\n  ", errors)}", errors);
        }

        return new ToolRegistry(tools);
    }
}

/// <summary>The tool catalog is invalid; <see cref="Errors"/> lists every problem as "file (line N): field: problem".</summary>
public sealed class ToolCatalogException : Exception
{
    public ToolCatalogException() { }

    public ToolCatalogException(string message) : base(message) { }

    public ToolCatalogException(string message, Exception inner) : base(message, inner) { }

    public ToolCatalogException(string message, IReadOnlyList<string> errors) : base(message) => Errors = errors;

    public IReadOnlyList<string> Errors { get; } = [];
}
