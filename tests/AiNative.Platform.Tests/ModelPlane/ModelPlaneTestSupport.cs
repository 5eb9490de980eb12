using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Embeddings;
using AiNative.Platform.ModelPlane.Local;
using AiNative.Platform.ModelPlane.Prompts;

namespace AiNative.Platform.Tests.ModelPlane;

/// <summary>Shared, expensive-to-load pieces of the model plane tests (one ONNX session for the whole run).</summary>
internal static class ModelPlaneTestSupport
{
    private static readonly Lazy<PromptRegistry> CatalogPrompts = new(() => PromptRegistry.LoadFromDirectory(Path.Combine(FindCatalog(), "prompts")));

    public static MiniLmEmbeddingGenerator Embeddings { get; } = new();

    public static TokenCounter Tokens { get; } = new();

    public static PromptRegistry Prompts => CatalogPrompts.Value;

    public static LocalChatClient CreateLocalClient() => new(Embeddings, Tokens);

    /// <summary>The repository's catalog folder, found by walking up from the test output folder.</summary>
    public static string FindCatalog()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "catalog");
            if (File.Exists(Path.Combine(candidate, "prompts", "extract-ticket-info.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No catalog/prompts folder above {AppContext.BaseDirectory}.");
    }
}
