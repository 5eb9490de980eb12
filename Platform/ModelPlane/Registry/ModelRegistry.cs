using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace AiNative.Platform.ModelPlane.Registry;

/// <summary>
/// The models the gateway may route to: <c>catalog/models.yaml</c>, validated once, with the <c>Models__*</c> settings
/// applied on top (<c>Models__Provider</c>/<c>Models__ChatModel</c> define or override the default model).
/// </summary>
public sealed class ModelRegistry
{
    public const string FileName = "models.yaml";

    private readonly Dictionary<string, ModelDefinition> byId;

    public ModelRegistry(IReadOnlyList<ModelDefinition> models, string defaultId, string version, string? defaultEmbeddingId = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        All = models;
        byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);
        Default = byId.TryGetValue(defaultId, out var d) ? d : throw new ArgumentException($"default model '{defaultId}' is not in the registry", nameof(defaultId));
        DefaultEmbedding = defaultEmbeddingId is not null && byId.TryGetValue(defaultEmbeddingId, out var e) ? e
            : models.FirstOrDefault(m => m.Enabled && m.Capabilities.Contains(ModelCapabilities.Embeddings));
        Version = version;
    }

    public IReadOnlyList<ModelDefinition> All { get; }

    /// <summary>The model used when a call names no model and asks for no particular routing.</summary>
    public ModelDefinition Default { get; }

    /// <summary>The embedding model used when a call names none (<c>Models__EmbeddingModel</c> when it is a registry id); null when none is enabled.</summary>
    public ModelDefinition? DefaultEmbedding { get; }

    /// <summary>Changes whenever the file or the model settings change: part of every cache key, so a model change invalidates cached answers.</summary>
    public string Version { get; }

    public bool TryGet(string id, out ModelDefinition model) => byId.TryGetValue(id, out model!);

    public ModelDefinition Get(string id) =>
        byId.TryGetValue(id, out var model) ? model : throw new KeyNotFoundException($"Model '{id}' is not in {FileName} (known: {string.Join(", ", byId.Keys)}).");

    /// <summary>Loads and validates the file; throws <see cref="ModelCatalogException"/> listing every problem with file, line and field.</summary>
    public static ModelRegistry Load(string file, IConfiguration settings, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!File.Exists(file))
        {
            throw new ModelCatalogException($"{file}: the model registry does not exist (set AiNative__CatalogDirectory to the catalog folder)", [$"{file}: missing"]);
        }

        var enabled = (options.EnabledModels ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var (defaultId, models) = ModelCatalogLoader.Load(file, settings, enabled, ModelProviders.IsRemote(options.Provider) ? options.ChatModel : null, errors);
        var name = Path.GetFileName(file);
        foreach (var duplicate in models.GroupBy(m => m.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{name} (line {ModelCatalogLoader.LineOf(file, duplicate.Key)}): models[{duplicate.Key}].id: duplicate id");
        }

        models = [.. models.DistinctBy(m => m.Id, StringComparer.Ordinal)];
        var configured = ApplySettings(models, options);
        var embedding = ApplyEmbeddingSettings(models, options);
        var ids = models.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var model in models)
        {
            foreach (var fallback in model.Fallbacks.Where(f => !ids.Contains(f)))
            {
                errors.Add($"{name} (line {ModelCatalogLoader.LineOf(file, model.Id)}): models[{model.Id}].fallbacks: '{fallback}' is not a model id in {name}");
            }
        }

        foreach (var model in models.Where(m => m.Capabilities.Contains(ModelCapabilities.Embeddings)))
        {
            // Vectors of different models are not comparable: an embedding fallback must be the same model elsewhere.
            foreach (var fallback in model.Fallbacks.Select(f => models.Find(m => m.Id == f)).OfType<ModelDefinition>()
                .Where(f => !f.Capabilities.Contains(ModelCapabilities.Embeddings) || f.Dimensions != model.Dimensions))
            {
                errors.Add($"{name} (line {ModelCatalogLoader.LineOf(file, model.Id)}): models[{model.Id}].fallbacks: '{fallback.Id}' must be an embeddings model with the same dimensions ({model.Dimensions}), or stored vectors stop matching");
            }
        }

        foreach (var cycle in FindCycles(models))
        {
            errors.Add($"{name} (line {ModelCatalogLoader.LineOf(file, cycle[0])}): models[{cycle[0]}].fallbacks: cycle {string.Join(" -> ", cycle)}");
        }

        var explicitDefault = string.IsNullOrWhiteSpace(options.DefaultModel) ? null : options.DefaultModel;
        var chosen = explicitDefault ?? configured ?? defaultId;
        if (chosen is null)
        {
            errors.Add($"{name}: default: missing (name the model used when a call asks for nothing in particular)");
        }
        else if (!ids.Contains(chosen))
        {
            errors.Add($"{name}: default: '{chosen}' is not a model id in {name}{(explicitDefault is not null ? " (from Models__DefaultModel)" : "")}");
        }
        else if (models.First(m => m.Id == chosen) is { Enabled: false })
        {
            errors.Add($"{name} (line {ModelCatalogLoader.LineOf(file, chosen)}): models[{chosen}].enabled: the default model is disabled (enable it or add it to Models__EnabledModels)");
        }

        if (errors.Count > 0)
        {
            throw new ModelCatalogException($"The model registry is invalid:\n  {string.Join("\n  ", errors)}", errors);
        }

        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            File.ReadAllText(file) + "|" + string.Join("|", models.Select(m => $"{m.Id}:{m.Provider}:{m.Endpoint}:{m.ProviderModel}:{m.Enabled}")))))[..12];
        return new ModelRegistry(models, chosen!, version, embedding ?? (ids.Contains(options.EmbeddingModel) ? options.EmbeddingModel : null));
    }

    // Models__EmbeddingProvider/EmbeddingModel keep working: a remote provider defines (or points) the default embedding model.
    private static string? ApplyEmbeddingSettings(List<ModelDefinition> models, ModelOptions options) =>
        PointAtConfiguredEndpoint(models, options, options.EmbeddingProvider, options.EmbeddingModel, deploymentDefaultsToId: false,
            [ModelCapabilities.Embeddings], contextWindow: 8191);

    // Models__Provider/ChatModel keep working: they define the default model (or point an entry of the file at the configured endpoint).
    private static string? ApplySettings(List<ModelDefinition> models, ModelOptions options) =>
        PointAtConfiguredEndpoint(models, options, options.Provider, options.ChatModel, deploymentDefaultsToId: true,
            [ModelCapabilities.Chat, ModelCapabilities.JsonSchema, ModelCapabilities.ToolUse], contextWindow: 128_000);

    // A remote provider in the settings points the catalog entry `id` at the configured endpoint (enabling it), or adds
    // that entry with the given capabilities when the catalog has none; a local provider leaves the catalog as it is.
    private static string? PointAtConfiguredEndpoint(
        List<ModelDefinition> models, ModelOptions options, string provider, string id, bool deploymentDefaultsToId, string[] capabilities, int contextWindow)
    {
        if (!ModelProviders.IsRemote(provider))
        {
            return null;
        }

        var auth = !string.IsNullOrEmpty(options.ApiKey) ? ModelAuth.ApiKey
            : provider == ModelProviders.AzureOpenAI ? ModelAuth.ManagedIdentity : ModelAuth.None;
        var index = models.FindIndex(m => m.Id == id);
        if (index >= 0)
        {
            var existing = models[index];
            models[index] = existing with
            {
                Provider = provider,
                Endpoint = options.Endpoint,
                ApiKey = options.ApiKey,
                Auth = auth,
                Enabled = true,
                Deployment = deploymentDefaultsToId ? existing.Deployment ?? id : existing.Deployment,
            };
        }
        else
        {
            models.Add(new ModelDefinition
            {
                Id = id,
                Provider = provider,
                Capabilities = new HashSet<string>(capabilities, StringComparer.Ordinal),
                ContextWindow = contextWindow,
                Regions = ["*"],
                Endpoint = options.Endpoint,
                ApiKey = options.ApiKey,
                Auth = auth,
            });
        }

        return id;
    }

    private static List<List<string>> FindCycles(List<ModelDefinition> models)
    {
        var graph = models.ToDictionary(m => m.Id, m => m.Fallbacks, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var cycles = new List<List<string>>();
        var path = new List<string>();

        void Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var next in graph.GetValueOrDefault(id) ?? [])
            {
                if (!graph.ContainsKey(next))
                {
                    continue;
                }

                if (state.GetValueOrDefault(next) == 1)
                {
                    cycles.Add([.. path[path.IndexOf(next)..], next]);
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }

        foreach (var id in graph.Keys.Where(id => state.GetValueOrDefault(id) == 0).ToList())
        {
            Visit(id);
        }

        return cycles;
    }
}

/// <summary>The model registry file is invalid; <see cref="Errors"/> name file, line and field.</summary>
public sealed class ModelCatalogException : Exception
{
    public ModelCatalogException() { }

    public ModelCatalogException(string message) : base(message) { }

    public ModelCatalogException(string message, Exception inner) : base(message, inner) { }

    public ModelCatalogException(string message, IReadOnlyList<string> errors) : base(message) => Errors = errors;

    public IReadOnlyList<string> Errors { get; } = [];
}
