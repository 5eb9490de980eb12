using System.Globalization;
using AiNative.Platform.Catalog;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.ModelPlane.Registry;

/// <summary>Reads <c>models.yaml</c>; every problem is reported as "file (line N): field: problem".</summary>
internal static class ModelCatalogLoader
{
    private static readonly HashSet<string> RootFields = new(StringComparer.Ordinal) { "default", "models" };

    private static readonly HashSet<string> ModelFields = new(StringComparer.Ordinal)
    {
        "id", "provider", "description", "capabilities", "context_window", "token_cost", "regions", "compliance", "fallbacks",
        "deployment", "endpoint", "endpoint_setting", "api_key_setting", "auth", "rpm", "tpm", "latency_class", "enabled", "dimensions",
    };

    /// <summary>Parses the file; <paramref name="settings"/> resolves secret and endpoint settings and may enable entries.</summary>
    public static (string? Default, List<ModelDefinition> Models) Load(string file, IConfiguration settings, ISet<string> enabledBySettings, string? configuredBySettings, List<string> errors)
    {
        var models = new List<ModelDefinition>();
        if (YamlCatalogFile.LoadMapping(file, errors, "with 'default' and 'models'") is not { } root)
        {
            return (null, models);
        }

        void Error(YamlNode? node, string field, string problem) => errors.Add(YamlCatalogFile.Error(file, node, field, problem));

        string? defaultId = null;
        YamlSequenceNode? list = null;
        foreach (var (key, value) in root.Children)
        {
            var field = (key as YamlScalarNode)?.Value ?? "";
            switch (field)
            {
                case "default" when value is YamlScalarNode { Value: { Length: > 0 } d }:
                    defaultId = d;
                    break;
                case "models" when value is YamlSequenceNode s:
                    list = s;
                    break;
                default:
                    Error(key, field, RootFields.Contains(field) ? "has the wrong shape ('default' is an id, 'models' a list)" : "unknown field (known: default, models)");
                    break;
            }
        }

        if (list is null)
        {
            Error(root, "models", "missing (required)");
            return (defaultId, models);
        }

        for (var index = 0; index < list.Children.Count; index++)
        {
            if (list.Children[index] is not YamlMappingNode entry)
            {
                Error(list.Children[index], $"models[{index}]", "must be a mapping");
                continue;
            }

            var model = ReadModel(entry, $"models[{index}]", settings, enabledBySettings, configuredBySettings, Error);
            if (model is not null)
            {
                models.Add(model);
            }
        }

        return (defaultId, models);
    }

    private static ModelDefinition? ReadModel(YamlMappingNode entry, string at, IConfiguration settings, ISet<string> enabledBySettings, string? configuredBySettings, Action<YamlNode?, string, string> error)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in entry.Children)
        {
            var field = (key as YamlScalarNode)?.Value ?? "";
            if (!ModelFields.Contains(field))
            {
                error(key, $"{at}.{field}", $"unknown field (known: {string.Join(", ", ModelFields.Order(StringComparer.Ordinal))})");
                continue;
            }

            fields[field] = value;
        }

        var ok = true;
        void Error(YamlNode? node, string field, string problem)
        {
            ok = false;
            error(node ?? entry, $"{at}.{field}", problem);
        }

        string? Text(string field, bool required = false)
        {
            if (!fields.TryGetValue(field, out var node))
            {
                if (required)
                {
                    Error(entry, field, "missing (required)");
                }

                return null;
            }

            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return value;
            }

            Error(node, field, "must be a non-empty text");
            return null;
        }

        List<string> Texts(string field)
        {
            if (!fields.TryGetValue(field, out var node))
            {
                return [];
            }

            if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            {
                return [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value!)];
            }

            Error(node, field, "must be a list of texts");
            return [];
        }

        decimal? Number(YamlNode? node, string field)
        {
            if (node is null)
            {
                return null;
            }

            if (node is YamlScalarNode { Value: { } v } && decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0)
            {
                return parsed;
            }

            Error(node, field, "must be a number >= 0");
            return null;
        }

        int Integer(string field) => (int)(Number(fields.GetValueOrDefault(field), field) ?? 0);

        var id = Text("id", required: true) ?? "";
        at = id.Length > 0 ? $"models[{id}]" : at;
        var provider = Text("provider", required: true) ?? "";
        if (provider.Length > 0 && !ModelProviders.All.Contains(provider))
        {
            Error(fields["provider"], "provider", $"'{provider}' is not supported (use one of: {string.Join(", ", ModelProviders.All)})");
        }

        var capabilities = Texts("capabilities");
        foreach (var capability in capabilities.Where(c => !ModelCapabilities.All.Contains(c)))
        {
            Error(fields["capabilities"], "capabilities", $"unknown capability '{capability}' (known: {string.Join(", ", ModelCapabilities.All.Order(StringComparer.Ordinal))})");
        }

        if (capabilities.Count == 0)
        {
            Error(fields.GetValueOrDefault("capabilities"), "capabilities", "missing (list at least one capability)");
        }

        var contextWindow = Integer("context_window");
        if (contextWindow <= 0 && !capabilities.SequenceEqual([ModelCapabilities.Embeddings]))
        {
            Error(fields.GetValueOrDefault("context_window"), "context_window", "missing or 0 (tokens the model accepts)");
        }

        var cost = new TokenCost(0, 0);
        if (fields.TryGetValue("token_cost", out var costNode))
        {
            if (costNode is YamlMappingNode costMap)
            {
                var input = costMap.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "input").Value;
                var output = costMap.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "output").Value;
                cost = new TokenCost(Number(input, "token_cost.input") ?? 0, Number(output, "token_cost.output") ?? 0);
                if (input is null || output is null)
                {
                    Error(costNode, "token_cost", "needs both 'input' and 'output' (price per token)");
                }
            }
            else
            {
                Error(costNode, "token_cost", "must be a mapping with 'input' and 'output'");
            }
        }
        else
        {
            Error(entry, "token_cost", "missing (required; 0 for free models)");
        }

        var latencyClass = Text("latency_class") ?? LatencyClasses.Interactive;
        if (!LatencyClasses.All.Contains(latencyClass))
        {
            Error(fields["latency_class"], "latency_class", $"'{latencyClass}' is not one of: {string.Join(", ", LatencyClasses.All)}");
        }

        var enabled = !fields.TryGetValue("enabled", out var enabledNode) || enabledNode is YamlScalarNode { Value: "true" };
        if (enabledNode is not null and not YamlScalarNode { Value: "true" or "false" })
        {
            Error(enabledNode, "enabled", "must be true or false");
        }

        enabled |= enabledBySettings.Contains(id);
        var auth = Text("auth") ?? (fields.ContainsKey("api_key_setting") ? ModelAuth.ApiKey : ModelAuth.None);
        if (!ModelAuth.All.Contains(auth))
        {
            Error(fields["auth"], "auth", $"'{auth}' is not one of: {string.Join(", ", ModelAuth.All)}");
        }

        var endpoint = Text("endpoint");
        var endpointSetting = Text("endpoint_setting");
        var apiKeySetting = Text("api_key_setting");
        string? apiKey = null;
        // The entry Models__ChatModel names gets its connection from Models__Endpoint/ApiKey instead.
        if (enabled && ModelProviders.IsRemote(provider) && id != configuredBySettings)
        {
            if (endpointSetting is not null)
            {
                endpoint = settings[endpointSetting];
                if (string.IsNullOrWhiteSpace(endpoint))
                {
                    Error(fields["endpoint_setting"], "endpoint_setting", $"setting '{endpointSetting}' is not set (model '{id}' is enabled)");
                }
            }

            if (endpoint is null && endpointSetting is null)
            {
                Error(entry, "endpoint", "missing (a remote model needs 'endpoint' or 'endpoint_setting')");
            }
            else if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            {
                Error(fields.GetValueOrDefault("endpoint") ?? fields.GetValueOrDefault("endpoint_setting"), "endpoint", $"'{endpoint}' is not an absolute http(s) URL");
            }

            if (auth == ModelAuth.ApiKey)
            {
                if (apiKeySetting is null)
                {
                    Error(entry, "api_key_setting", "missing (auth is api-key: name the setting that holds the key)");
                }
                else
                {
                    apiKey = settings[apiKeySetting];
                    if (string.IsNullOrWhiteSpace(apiKey))
                    {
                        Error(fields["api_key_setting"], "api_key_setting", $"setting '{apiKeySetting}' is not set (model '{id}' is enabled; set it or disable the model)");
                    }
                }
            }
            else if (auth == ModelAuth.ManagedIdentity && provider != ModelProviders.AzureOpenAI)
            {
                Error(fields["auth"], "auth", "managed-identity works with provider azure-openai only");
            }
        }

        if (!ok)
        {
            return null;
        }

        return new ModelDefinition
        {
            Id = id,
            Provider = provider,
            Capabilities = capabilities.ToHashSet(StringComparer.Ordinal),
            ContextWindow = contextWindow,
            TokenCost = cost,
            Regions = Texts("regions") is { Count: > 0 } regions ? regions : ["*"],
            Compliance = Texts("compliance").ToHashSet(StringComparer.Ordinal),
            Fallbacks = Texts("fallbacks"),
            Deployment = Text("deployment"),
            Endpoint = endpoint,
            ApiKeySetting = apiKeySetting,
            ApiKey = apiKey,
            Auth = auth,
            RequestsPerMinute = Integer("rpm"),
            TokensPerMinute = Integer("tpm"),
            LatencyClass = latencyClass,
            Enabled = enabled,
            Dimensions = Integer("dimensions"),
        };
    }

    /// <summary>Line of the entry with this id, for errors found after parsing (fallbacks, cycles).</summary>
    public static int LineOf(string file, string id)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim().TrimStart('-').Trim();
            if (trimmed.StartsWith("id:", StringComparison.Ordinal) && trimmed[3..].Trim().Trim('"', '\'') == id)
            {
                return i + 1;
            }
        }

        return 0;
    }
}
