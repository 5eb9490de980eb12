using AiNative.Platform.Catalog;
using YamlDotNet.RepresentationModel;

namespace AiNative.Platform.Governance.Injection;

/// <summary>One exemplar sentence: an attack intent (e.g. override-instructions) or a benign look-alike group.</summary>
public sealed record InjectionExemplar(string Group, string Text, bool Attack);

/// <summary>
/// The versioned exemplars of the detector's semantic layer (<c>catalog/guardrails/injection-exemplars.yaml</c>):
/// attack intents and benign look-alikes, one sentence each. Shipped inside the Platform assembly so the static
/// detector needs no configuration; <see cref="Load"/> reads and validates any copy (errors as "file (line N): field: problem").
/// </summary>
public sealed record InjectionExemplarCatalog(string Id, string Version, IReadOnlyList<InjectionExemplar> Exemplars)
{
    /// <summary>The attack intents an exemplar may illustrate; anything else is a typo the loader reports.</summary>
    public static IReadOnlyList<string> Intents { get; } =
        ["override-instructions", "unrestricted-persona", "reveal-system-prompt", "impersonate-authority", "exfiltrate-data", "hijack-tools"];

    /// <summary>Name of the catalog file (and of the copy embedded in the assembly).</summary>
    public const string FileName = "injection-exemplars.yaml";

    private const int MinLength = 3;
    private const int MaxLength = 300;
    private static readonly HashSet<string> RootFields = ["id", "version", "description", "attacks", "benign"];
    private static readonly Lazy<InjectionExemplarCatalog> EmbeddedCatalog = new(LoadEmbedded);

    /// <summary>The catalog built into the assembly (from catalog/guardrails at build time).</summary>
    public static InjectionExemplarCatalog Embedded => EmbeddedCatalog.Value;

    /// <summary>Reads and validates a catalog file; null when <paramref name="errors"/> received problems.</summary>
    public static InjectionExemplarCatalog? Load(string file, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Read(file, YamlCatalogFile.LoadRoot(file, errors), errors);
    }

    private static InjectionExemplarCatalog LoadEmbedded()
    {
        using var stream = typeof(InjectionExemplarCatalog).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded in {typeof(InjectionExemplarCatalog).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        var errors = new List<string>();
        var catalog = Read(FileName, YamlCatalogFile.LoadRoot(FileName, reader, errors), errors);
        return catalog ?? throw new InvalidOperationException($"The embedded injection exemplar catalog is invalid: {string.Join("; ", errors)}");
    }

    private static InjectionExemplarCatalog? Read(string file, YamlNode? root, List<string> errors)
    {
        if (root is null)
        {
            return null;
        }

        var error = YamlCatalogFile.Reporter(file, errors);
        if (root is not YamlMappingNode mapping)
        {
            error(root, "(root)", "must be a mapping with id, version, attacks and benign");
            return null;
        }

        var before = errors.Count;
        var fields = YamlCatalogFile.Fields(mapping, "", RootFields, error);
        var id = Scalar(fields, "id", mapping, error);
        var version = Scalar(fields, "version", mapping, error);
        var exemplars = new List<InjectionExemplar>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        ReadGroups(fields.GetValueOrDefault("attacks"), "attacks", attack: true, mapping, exemplars, seen, error);
        ReadGroups(fields.GetValueOrDefault("benign"), "benign", attack: false, mapping, exemplars, seen, error);
        return errors.Count > before ? null : new InjectionExemplarCatalog(id!, version!, exemplars);
    }

    private static string? Scalar(Dictionary<string, YamlNode> fields, string name, YamlNode parent, Action<YamlNode?, string, string> error)
    {
        if (!fields.TryGetValue(name, out var node))
        {
            error(parent, name, "is required");
            return null;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } value })
        {
            error(node, name, "must be a non-empty text");
            return null;
        }

        return value;
    }

    private static void ReadGroups(YamlNode? node, string at, bool attack, YamlNode parent, List<InjectionExemplar> exemplars, Dictionary<string, string> seen, Action<YamlNode?, string, string> error)
    {
        if (node is null)
        {
            error(parent, at, "is required (a mapping of group name to a list of sentences)");
            return;
        }

        if (node is not YamlMappingNode groups || groups.Children.Count == 0)
        {
            error(node, at, "must be a non-empty mapping of group name to a list of sentences");
            return;
        }

        foreach (var (key, value) in groups.Children)
        {
            var group = (key as YamlScalarNode)?.Value ?? "";
            var field = $"{at}.{group}";
            if (attack && !Intents.Contains(group, StringComparer.Ordinal))
            {
                error(key, field, $"unknown attack intent (known: {string.Join(", ", Intents)})");
                continue;
            }

            if (!attack && !IsKebabCase(group))
            {
                error(key, field, "a group name is lower-case words joined by '-'");
                continue;
            }

            if (value is not YamlSequenceNode texts || texts.Children.Count == 0)
            {
                error(value, field, "must be a non-empty list of sentences");
                continue;
            }

            for (var i = 0; i < texts.Children.Count; i++)
            {
                var item = texts.Children[i];
                var text = (item as YamlScalarNode)?.Value?.Trim() ?? "";
                if (text.Length is < MinLength or > MaxLength)
                {
                    error(item, $"{field}[{i}]", $"must be one sentence of {MinLength}-{MaxLength} characters (got {text.Length})");
                    continue;
                }

                if (seen.TryGetValue(text, out var first))
                {
                    error(item, $"{field}[{i}]", $"duplicate of an exemplar in {first}");
                    continue;
                }

                seen[text] = field;
                exemplars.Add(new InjectionExemplar(group, text, attack));
            }
        }
    }

    private static bool IsKebabCase(string name) =>
        name.Length > 0 && name[0] != '-' && name[^1] != '-' && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
