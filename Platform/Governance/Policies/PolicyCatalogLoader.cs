using System.Globalization;
using System.Text.Json;
using AiNative.Platform.Catalog;
using AiNative.Platform.Governance.Injection;
using AiNative.Platform.ModelPlane.Prompts;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.Governance.Policies;

/// <summary>Reads and validates <c>catalog/policies/*.yaml</c>; every problem is reported as "file (line N): field: problem".</summary>
internal static class PolicyCatalogLoader
{
    private static readonly string[] RootFields = ["id", "version", "description", "applies_to", "pii", "injection", "output", "tools"];

    public static List<GuardrailPolicy> LoadDirectory(string directory, List<string> errors)
    {
        var policies = new List<GuardrailPolicy>();
        if (!Directory.Exists(directory))
        {
            errors.Add($"{directory}: the policy catalog folder does not exist (set AiNative__CatalogDirectory to the catalog folder)");
            return policies;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            if (LoadFile(file, errors) is { } policy)
            {
                if (policies.FirstOrDefault(p => p.Id == policy.Id) is { } first)
                {
                    errors.Add($"{Path.GetFileName(file)}: id: duplicate id '{policy.Id}' (also in {Path.GetFileName(first.SourceFile)})");
                    continue;
                }

                policies.Add(policy);
            }
        }

        return policies;
    }

    public static GuardrailPolicy? LoadFile(string file, List<string> errors)
    {
        if (YamlCatalogFile.LoadMapping(file, errors, "one policy per file") is not { } root)
        {
            return null;
        }

        var before = errors.Count;
        void Error(YamlNode? node, string field, string problem) => errors.Add(YamlCatalogFile.Error(file, node, field, problem));
        var fields = YamlCatalogFile.Fields(root);
        foreach (var (name, (key, _)) in fields.Where(f => !RootFields.Contains(f.Key)))
        {
            Error(key, name, $"unknown field (known: {string.Join(", ", RootFields)})");
        }

        var id = Text(fields, "id", root, Error, required: true) ?? "";
        var version = Text(fields, "version", root, Error, required: true) ?? "";
        var description = Text(fields, "description", root, Error) ?? "";
        var applies = Map(fields, "applies_to", Error);
        var pii = ReadPii(Map(fields, "pii", Error), Error);
        var injection = ReadInjection(Map(fields, "injection", Error), Error);
        var output = ReadOutput(Map(fields, "output", Error), file, Error);
        var tools = ReadTools(Map(fields, "tools", Error), Error);
        var agents = applies is null ? [] : Texts(YamlCatalogFile.Fields(applies), "applies_to.agents", "agents", Error);
        var routes = applies is null ? [] : Texts(YamlCatalogFile.Fields(applies), "applies_to.routes", "routes", Error);
        return errors.Count > before ? null : new GuardrailPolicy(id, version, description, agents, routes, pii, injection, output, tools, file);
    }

    private static PiiPolicy ReadPii(YamlMappingNode? node, Action<YamlNode?, string, string> error)
    {
        if (node is null)
        {
            return new PiiPolicy("replace", 0.5, new Dictionary<string, string>(), []);
        }

        var fields = YamlCatalogFile.Fields(node);
        var defaultOperator = Text(fields, "default_operator", node, error, prefix: "pii.") ?? "replace";
        CheckOperator(fields.GetValueOrDefault("default_operator").Value, "pii.default_operator", defaultOperator, error);
        var minScore = Number(fields, "min_score", "pii.min_score", error, 0.5, 0, 1);
        var operators = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.TryGetValue("entities", out var entities))
        {
            if (entities.Value is YamlMappingNode map)
            {
                foreach (var (key, value) in map.Children)
                {
                    var entity = (key as YamlScalarNode)?.Value ?? "";
                    var op = (value as YamlScalarNode)?.Value ?? "";
                    if (entity.Length == 0 || entity.Any(char.IsLower))
                    {
                        error(key, "pii.entities", $"'{entity}' is not an entity name (Presidio's upper-case names, e.g. EMAIL_ADDRESS)");
                    }

                    CheckOperator(value, $"pii.entities.{entity}", op, error);
                    operators[entity] = op;
                }
            }
            else
            {
                error(entities.Value, "pii.entities", "must be a mapping ENTITY_NAME: operator");
            }
        }

        return new PiiPolicy(defaultOperator, minScore, operators, [.. operators.Keys]);
    }

    private static void CheckOperator(YamlNode? node, string field, string op, Action<YamlNode?, string, string> error)
    {
        if (!PiiPolicy.KnownOperators.Contains(op, StringComparer.Ordinal))
        {
            error(node, field, $"'{op}' is not an operator (use one of: {string.Join(", ", PiiPolicy.KnownOperators)})");
        }
    }

    private static InjectionPolicy ReadInjection(YamlMappingNode? node, Action<YamlNode?, string, string> error)
    {
        var defaults = new Dictionary<string, ChannelRule>(StringComparer.Ordinal)
        {
            [InjectionChannel.User] = new(PromptInjectionDetector.DefaultThreshold, GuardrailAction.Block),
            [InjectionChannel.Document] = new(PromptInjectionDetector.DefaultThreshold, GuardrailAction.Flag),
            [InjectionChannel.ToolOutput] = new(PromptInjectionDetector.DefaultThreshold, GuardrailAction.Flag),
        };
        if (node is null)
        {
            return new InjectionPolicy(defaults, false, false);
        }

        var fields = YamlCatalogFile.Fields(node);
        if (fields.TryGetValue("channels", out var channels))
        {
            if (channels.Value is not YamlMappingNode map)
            {
                error(channels.Value, "injection.channels", "must be a mapping channel: { threshold, action }");
            }
            else
            {
                foreach (var (key, value) in map.Children)
                {
                    var channel = (key as YamlScalarNode)?.Value ?? "";
                    var at = $"injection.channels.{channel}";
                    if (!InjectionChannel.IsKnown(channel))
                    {
                        error(key, at, $"unknown channel (known: {string.Join(", ", InjectionChannel.All)})");
                        continue;
                    }

                    if (value is not YamlMappingNode rule)
                    {
                        error(value, at, "must be a mapping with 'threshold' and 'action'");
                        continue;
                    }

                    var ruleFields = YamlCatalogFile.Fields(rule);
                    var threshold = Number(ruleFields, "threshold", $"{at}.threshold", error, PromptInjectionDetector.DefaultThreshold, 0, 1);
                    var action = Text(ruleFields, "action", rule, error, prefix: $"{at}.", required: true) ?? GuardrailAction.Flag;
                    if (!GuardrailAction.All.Contains(action) || action == GuardrailAction.Allow)
                    {
                        error(ruleFields.GetValueOrDefault("action").Value ?? rule, $"{at}.action", $"'{action}' is not one of: block, flag, require_approval");
                    }

                    defaults[channel] = new ChannelRule(threshold, action);
                }
            }
        }

        return new InjectionPolicy(defaults, Bool(fields, "scan_input", "injection.scan_input", error), Bool(fields, "scan_output", "injection.scan_output", error));
    }

    private static OutputPolicy ReadOutput(YamlMappingNode? node, string file, Action<YamlNode?, string, string> error)
    {
        if (node is null)
        {
            return new OutputPolicy(2, new Dictionary<string, JsonElement>());
        }

        var fields = YamlCatalogFile.Fields(node);
        var maxReasks = (int)Number(fields, "max_reasks", "output.max_reasks", error, 2, 0, 5);
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var compiled = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        if (fields.TryGetValue("schemas", out var schemasNode))
        {
            if (schemasNode.Value is not YamlMappingNode map)
            {
                error(schemasNode.Value, "output.schemas", "must be a mapping prompt-id: { schema: ... } or { file: path }");
            }
            else
            {
                foreach (var (key, value) in map.Children)
                {
                    var prompt = (key as YamlScalarNode)?.Value ?? "";
                    var at = $"output.schemas.{prompt}";
                    var entry = value is YamlMappingNode m ? YamlCatalogFile.Fields(m) : null;
                    string? json = null;
                    if (entry?.GetValueOrDefault("schema").Value is YamlMappingNode inline)
                    {
                        json = YamlJson.ToJson(inline)?.ToJsonString();
                    }
                    else if (entry?.GetValueOrDefault("file").Value is YamlScalarNode { Value: { Length: > 0 } path })
                    {
                        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                        if (!File.Exists(full))
                        {
                            error(value, $"{at}.file", $"'{path}' does not exist (resolved to {full})");
                            continue;
                        }

                        json = File.ReadAllText(full);
                    }
                    else
                    {
                        error(value, at, "needs 'schema' (an inline JSON Schema mapping) or 'file' (a path to a .json schema, relative to this file)");
                        continue;
                    }

                    try
                    {
                        using var document = JsonDocument.Parse(json ?? "null");
                        schemas[prompt] = document.RootElement.Clone();
                        compiled[prompt] = JsonSchema.FromText(json!, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                    }
                    catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
                    {
                        error(value, at, $"is not a valid JSON Schema: {e.Message}");
                    }
                }
            }
        }

        return new OutputPolicy(maxReasks, schemas) { Compiled = compiled };
    }

    private static ToolPolicy ReadTools(YamlMappingNode? node, Action<YamlNode?, string, string> error)
    {
        if (node is null)
        {
            return new ToolPolicy(0, [], true, GuardrailAction.RequireApproval);
        }

        var fields = YamlCatalogFile.Fields(node);
        var after = Text(fields, "after_untrusted_content", node, error, prefix: "tools.") ?? GuardrailAction.RequireApproval;
        if (!GuardrailAction.All.Contains(after))
        {
            error(fields["after_untrusted_content"].Value, "tools.after_untrusted_content", $"'{after}' is not one of: {string.Join(", ", GuardrailAction.All)}");
        }

        return new ToolPolicy(
            (int)Number(fields, "max_calls_per_run", "tools.max_calls_per_run", error, 0, 0, 10_000),
            Texts(fields, "tools.require_approval", "require_approval", error),
            !fields.ContainsKey("high_risk_requires_approval") || Bool(fields, "high_risk_requires_approval", "tools.high_risk_requires_approval", error),
            after);
    }

    private static YamlMappingNode? Map(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string field, Action<YamlNode?, string, string> error)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return null;
        }

        if (node.Value is YamlMappingNode map)
        {
            return map;
        }

        error(node.Value, field, "must be a mapping");
        return null;
    }

    private static string? Text(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string field, YamlNode parent, Action<YamlNode?, string, string> error, bool required = false, string prefix = "")
    {
        if (!fields.TryGetValue(field, out var node))
        {
            if (required)
            {
                error(parent, prefix + field, "missing (required)");
            }

            return null;
        }

        if (node.Value is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        error(node.Value, prefix + field, "must be a non-empty text");
        return null;
    }

    private static List<string> Texts(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string at, string field, Action<YamlNode?, string, string> error)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return [];
        }

        if (node.Value is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
        {
            return [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value!)];
        }

        error(node.Value, at, "must be a list of texts");
        return [];
    }

    private static double Number(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string field, string at, Action<YamlNode?, string, string> error, double fallback, double min, double max)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return fallback;
        }

        if (node.Value is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error(node.Value, at, $"must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return fallback;
    }

    private static bool Bool(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string field, string at, Action<YamlNode?, string, string> error)
    {
        if (!fields.TryGetValue(field, out var node))
        {
            return false;
        }

        if (node.Value is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        error(node.Value, at, "must be true or false");
        return false;
    }
}
