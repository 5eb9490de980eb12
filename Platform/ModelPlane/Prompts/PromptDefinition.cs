using System.Text.Json;
using Json.Schema;

namespace AiNative.Platform.ModelPlane.Prompts;

/// <summary>One catalog prompt (<c>catalog/prompts/*.yaml</c>): versioned templates, optional output schema and sampling settings.</summary>
public sealed class PromptDefinition
{
    internal PromptDefinition(
        string id,
        string version,
        string description,
        PromptTemplate system,
        PromptTemplate user,
        JsonElement? outputSchema,
        JsonSchema? compiledSchema,
        float? temperature,
        int? maxOutputTokens,
        string sourceFile)
    {
        Id = id;
        Version = version;
        Description = description;
        System = system;
        User = user;
        OutputSchema = outputSchema;
        CompiledSchema = compiledSchema;
        Temperature = temperature;
        MaxOutputTokens = maxOutputTokens;
        SourceFile = sourceFile;
        Variables = system.Variables.Concat(user.Variables).Distinct(StringComparer.Ordinal).ToList();
    }

    public string Id { get; }

    /// <summary>Semantic version (MAJOR.MINOR.PATCH), recorded with every call for audit and evals.</summary>
    public string Version { get; }

    public string Description { get; }

    public PromptTemplate System { get; }

    public PromptTemplate User { get; }

    /// <summary>The JSON Schema the answer must satisfy (from the YAML <c>output_schema</c>), or null for plain text.</summary>
    public JsonElement? OutputSchema { get; }

    internal JsonSchema? CompiledSchema { get; }

    public float? Temperature { get; }

    public int? MaxOutputTokens { get; }

    /// <summary>The file the prompt was loaded from.</summary>
    public string SourceFile { get; }

    /// <summary>Every placeholder name of the system and user templates.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Fills both templates.</summary>
    /// <exception cref="PromptRenderException">A placeholder has no value in <paramref name="variables"/>.</exception>
    public RenderedPrompt Render(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var missing = new List<string>();
        var system = System.Render(variables, missing);
        var user = User.Render(variables, missing);
        if (missing.Count > 0)
        {
            var supplied = variables.Count == 0 ? "none" : string.Join(", ", variables.Keys.Order(StringComparer.Ordinal));
            throw new PromptRenderException(
                $"Prompt '{Id}' {Version} needs the variable{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}, " +
                $"which {(missing.Count > 1 ? "were" : "was")} not supplied (supplied: {supplied}).",
                missing);
        }

        return new RenderedPrompt(system, user);
    }
}

/// <summary>A prompt with its placeholders filled.</summary>
public sealed record RenderedPrompt(string System, string User);

/// <summary>A prompt was rendered without a value for one of its placeholders.</summary>
public sealed class PromptRenderException : Exception
{
    public PromptRenderException() { }

    public PromptRenderException(string message) : base(message) { }

    public PromptRenderException(string message, Exception inner) : base(message, inner) { }

    public PromptRenderException(string message, IReadOnlyList<string> missingVariables) : base(message) => MissingVariables = missingVariables;

    /// <summary>The placeholder names that had no value.</summary>
    public IReadOnlyList<string> MissingVariables { get; } = [];
}

/// <summary>The prompt catalog has invalid files; <see cref="Errors"/> lists each as "file: field: problem".</summary>
public sealed class PromptCatalogException : Exception
{
    public PromptCatalogException() { }

    public PromptCatalogException(string message) : base(message) { }

    public PromptCatalogException(string message, Exception inner) : base(message, inner) { }

    public PromptCatalogException(IReadOnlyList<string> errors)
        : base($"The prompt catalog is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors)) =>
        Errors = errors;

    public IReadOnlyList<string> Errors { get; } = [];
}
