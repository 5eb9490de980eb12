using System.Diagnostics.CodeAnalysis;

namespace AiNative.Platform.ModelPlane.Prompts;

/// <summary>The catalog prompts by id, loaded and validated once (from <c>catalog/prompts/*.yaml</c>).</summary>
public sealed class PromptRegistry
{
    private readonly Dictionary<string, PromptDefinition> prompts;

    public PromptRegistry(IEnumerable<PromptDefinition> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        this.prompts = prompts.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Every prompt, ordered by id.</summary>
    public IReadOnlyList<PromptDefinition> All => [.. prompts.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file of <paramref name="directory"/>.</summary>
    /// <exception cref="PromptCatalogException">Any file is invalid; the message lists every problem with file and field.</exception>
    public static PromptRegistry LoadFromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var errors = new List<string>();
        var loaded = PromptCatalogLoader.LoadDirectory(directory, errors);
        return errors.Count > 0 ? throw new PromptCatalogException(errors) : new PromptRegistry(loaded);
    }

    /// <summary>The prompt with this id.</summary>
    /// <exception cref="KeyNotFoundException">No such prompt; the message lists the known ids.</exception>
    public PromptDefinition Get(string id) =>
        TryGet(id, out var prompt)
            ? prompt
            : throw new KeyNotFoundException($"Prompt '{id}' is not in the catalog (known: {string.Join(", ", prompts.Keys.Order(StringComparer.Ordinal))}).");

    public bool TryGet(string id, [NotNullWhen(true)] out PromptDefinition? prompt) => prompts.TryGetValue(id, out prompt);
}
