using System.Globalization;
using System.Text.RegularExpressions;
using AiNative.Platform.Catalog;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>Reads <c>catalog/tools/*.yaml</c> (a list of tools, as in the seed, or one tool per file); every problem as "file (line N): field: problem".</summary>
internal static partial class ToolCatalogLoader
{
    private static readonly HashSet<string> ToolFields = new(StringComparer.Ordinal)
    {
        "name", "description", "permissions", "input_schema", "output_schema", "rate_limit", "audit_level",
        "handler", "http", "mcp", "undo", "risk", "timeout",
    };

    private static readonly HashSet<string> HttpFields = new(StringComparer.Ordinal) { "method", "url_template", "auth_setting" };

    private static readonly HashSet<string> McpFields = new(StringComparer.Ordinal) { "endpoint", "tool", "auth_setting" };

    private static readonly HashSet<string> HttpMethods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE" };

    public static List<ToolDefinition> LoadDirectory(string directory, List<string> errors)
    {
        var tools = new List<ToolDefinition>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            tools.AddRange(LoadFile(file, errors));
        }

        return tools;
    }

    public static List<ToolDefinition> LoadFile(string file, List<string> errors)
    {
        var tools = new List<ToolDefinition>();
        if (YamlCatalogFile.LoadRoot(file, errors) is not { } root)
        {
            return tools;
        }

        var error = YamlCatalogFile.Reporter(file, errors);
        var entries = root switch
        {
            YamlSequenceNode list => list.Children.Select((node, i) => (node, $"[{i}]")).ToList(),
            YamlMappingNode single => [(single, "")],
            _ => null,
        };
        if (entries is null)
        {
            error(root, "(root)", "must be a list of tools (as in the seed) or one tool mapping");
            return tools;
        }

        foreach (var (node, at) in entries)
        {
            if (node is not YamlMappingNode mapping)
            {
                error(node, at, "must be a mapping (a tool)");
                continue;
            }

            if (Read(mapping, at, file, error) is { } tool)
            {
                tools.Add(tool);
            }
        }

        return tools;
    }

    private static ToolDefinition? Read(YamlMappingNode entry, string at, string file, Action<YamlNode?, string, string> report)
    {
        var ok = true;
        void Error(YamlNode? node, string field, string problem)
        {
            ok = false;
            report(node ?? entry, YamlCatalogFile.Join(at, field), problem);
        }

        var fields = YamlCatalogFile.Fields(entry, at, ToolFields, (node, field, problem) => { ok = false; report(node, field, problem); });

        string? Text(IReadOnlyDictionary<string, YamlNode> from, YamlNode parent, string field, bool required)
        {
            if (!from.TryGetValue(field, out var node))
            {
                if (required)
                {
                    Error(parent, field, "missing (required)");
                }

                return null;
            }

            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return value.Trim();
            }

            Error(node, field, "must be a non-empty text");
            return null;
        }

        var name = Text(fields, entry, "name", required: true) ?? "";
        if (name.Length > 0 && !NameRegex().IsMatch(name))
        {
            Error(fields["name"], "name", $"'{name}' must be snake_case letters, digits and underscores (models call tools by this name)");
        }

        at = name.Length > 0 ? name : at;
        var description = Text(fields, entry, "description", required: true) ?? "";

        var permissions = new List<string>();
        if (!fields.TryGetValue("permissions", out var permissionsNode))
        {
            Error(entry, "permissions", "missing (list the permissions a caller needs; [] for none)");
        }
        else if (permissionsNode is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
        {
            permissions.AddRange(sequence.Children.Select(c => ((YamlScalarNode)c).Value!.Trim()));
        }
        else
        {
            Error(permissionsNode, "permissions", "must be a list of permission names");
        }

        (System.Text.Json.JsonElement? Json, Json.Schema.JsonSchema? Schema) Schema(string field)
        {
            if (!fields.TryGetValue(field, out var node))
            {
                Error(entry, field, "missing (required: a JSON Schema with type: object)");
                return (null, null);
            }

            return CatalogJsonSchema.Read(node, YamlCatalogFile.Join(at, field), (n, f, p) => { ok = false; report(n, f, p); });
        }

        var input = Schema("input_schema");
        var output = Schema("output_schema");

        var rateLimitText = Text(fields, entry, "rate_limit", required: true);
        ToolRateLimit? rateLimit = null;
        if (rateLimitText is not null && !TryParseRateLimit(rateLimitText, out rateLimit))
        {
            Error(fields["rate_limit"], "rate_limit", $"'{rateLimitText}' is not 'N per second|minute|hour|day' (e.g. \"5 per minute\")");
        }

        var auditLevel = Text(fields, entry, "audit_level", required: true);
        if (auditLevel is not null && !AuditLevels.All.Contains(auditLevel))
        {
            Error(fields["audit_level"], "audit_level", $"'{auditLevel}' is not one of: {string.Join(", ", AuditLevels.All)}");
        }

        var risk = Text(fields, entry, "risk", required: false) ?? ToolRisks.Low;
        if (!ToolRisks.All.Contains(risk))
        {
            Error(fields["risk"], "risk", $"'{risk}' is not one of: {string.Join(", ", ToolRisks.All)}");
        }

        var timeout = TimeSpan.FromSeconds(30);
        if (Text(fields, entry, "timeout", required: false) is { } timeoutText && !TryParseDuration(timeoutText, out timeout))
        {
            Error(fields["timeout"], "timeout", $"'{timeoutText}' is not a duration between 1 ms and 10 minutes (e.g. 10s, 500ms, 2m, 00:00:30)");
        }

        var undo = Text(fields, entry, "undo", required: false);
        var handler = Text(fields, entry, "handler", required: false);
        var http = fields.TryGetValue("http", out var httpNode) ? ReadHttp(httpNode, Error) : null;
        var mcp = fields.TryGetValue("mcp", out var mcpNode) ? ReadMcp(mcpNode, Error) : null;
        var bindings = new[] { fields.ContainsKey("handler"), httpNode is not null, mcpNode is not null }.Count(b => b);
        if (bindings != 1)
        {
            Error(entry, "handler", bindings == 0
                ? "missing: say how the tool runs with exactly one of 'handler' (a C# handler name), 'http' or 'mcp'"
                : "set exactly one of 'handler', 'http' and 'mcp'");
        }

        if (!ok || input.Schema is null || output.Schema is null || rateLimit is null || auditLevel is null)
        {
            return null;
        }

        return new ToolDefinition
        {
            Name = name,
            Description = description,
            Permissions = permissions,
            InputSchemaJson = input.Json!.Value,
            OutputSchemaJson = output.Json!.Value,
            InputSchema = input.Schema,
            OutputSchema = output.Schema,
            RateLimit = rateLimit,
            AuditLevel = auditLevel,
            Risk = risk,
            Timeout = timeout,
            Undo = undo,
            Handler = handler,
            Http = http,
            Mcp = mcp,
            Source = $"{Path.GetFileName(file)} (line {entry.Start.Line})",
        };
    }

    private static ToolHttpBinding? ReadHttp(YamlNode node, Action<YamlNode?, string, string> error)
    {
        if (node is not YamlMappingNode mapping)
        {
            error(node, "http", "must be a mapping with method, url_template and optionally auth_setting");
            return null;
        }

        var ok = true;
        var fields = YamlCatalogFile.Fields(mapping, "http", HttpFields, (n, f, p) => { ok = false; error(n, f.Contains('.', StringComparison.Ordinal) ? f : $"http.{f}", p); });
        string? Value(string field) => fields.GetValueOrDefault(field) is YamlScalarNode { Value: { Length: > 0 } v } ? v.Trim() : null;
        var method = Value("method")?.ToUpperInvariant();
        if (method is null || !HttpMethods.Contains(method))
        {
            ok = false;
            error(fields.GetValueOrDefault("method") ?? node, "http.method", $"must be one of: {string.Join(", ", HttpMethods)}");
        }

        var url = Value("url_template");
        if (url is null || !Uri.TryCreate(PlaceholderRegex().Replace(url, "x"), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            ok = false;
            error(fields.GetValueOrDefault("url_template") ?? node, "http.url_template", $"'{url}' must be an absolute http(s) URL; {{name}} placeholders take argument values");
        }

        return ok ? new ToolHttpBinding(method!, url!, Value("auth_setting")) : null;
    }

    private static ToolMcpBinding? ReadMcp(YamlNode node, Action<YamlNode?, string, string> error)
    {
        if (node is not YamlMappingNode mapping)
        {
            error(node, "mcp", "must be a mapping with endpoint and tool");
            return null;
        }

        var ok = true;
        var fields = YamlCatalogFile.Fields(mapping, "mcp", McpFields, (n, f, p) => { ok = false; error(n, f, p); });
        string? Value(string field) => fields.GetValueOrDefault(field) is YamlScalarNode { Value: { Length: > 0 } v } ? v.Trim() : null;
        var endpoint = Value("endpoint");
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            ok = false;
            error(fields.GetValueOrDefault("endpoint") ?? node, "mcp.endpoint", $"'{endpoint}' must be the absolute http(s) URL of an MCP server (streamable HTTP)");
        }

        var tool = Value("tool");
        if (tool is null)
        {
            ok = false;
            error(node, "mcp.tool", "missing (the tool's name on the MCP server)");
        }

        return ok ? new ToolMcpBinding(endpoint!, tool!, Value("auth_setting")) : null;
    }

    /// <summary>"5 per minute", "100 per hour", "1 per second", "1000 per day".</summary>
    public static bool TryParseRateLimit(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ToolRateLimit? limit)
    {
        limit = null;
        var match = RateLimitRegex().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var permits) || permits <= 0)
        {
            return false;
        }

        var window = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "second" => TimeSpan.FromSeconds(1),
            "minute" => TimeSpan.FromMinutes(1),
            "hour" => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        limit = new ToolRateLimit(text, permits, window);
        return true;
    }

    /// <summary>"500ms", "10s", "2m", or a TimeSpan ("00:00:30"); between 1 ms and 10 minutes.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        var match = DurationRegex().Match(text);
        if (match.Success)
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            duration = match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMinutes(value),
            };
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration))
        {
            return false;
        }

        return duration >= TimeSpan.FromMilliseconds(1) && duration <= TimeSpan.FromMinutes(10);
    }

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^\s*(\d+)\s*(?:per|/)\s*(second|minute|hour|day)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RateLimitRegex();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m)$")]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"\{[a-zA-Z0-9_]+\}")]
    internal static partial Regex PlaceholderRegex();
}
