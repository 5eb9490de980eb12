using Azure.AI.OpenAI;
using AiNative.Platform.ModelPlane.Embeddings;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane;

/// <summary>Fails start-up on model settings that cannot work, naming the setting to fix (<c>Models__...</c>).</summary>
public sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var providers = string.Join(", ", ModelProviders.All);
        if (!ModelProviders.All.Contains(options.Provider))
        {
            failures.Add($"Models__Provider '{options.Provider}' is not supported (use one of: {providers}).");
        }

        if (!ModelProviders.All.Contains(options.EmbeddingProvider))
        {
            failures.Add($"Models__EmbeddingProvider '{options.EmbeddingProvider}' is not supported (use one of: {providers}).");
        }
        else if (ModelProviders.IsRemote(options.EmbeddingProvider) && options.EmbeddingProvider != options.Provider)
        {
            failures.Add($"Models__EmbeddingProvider '{options.EmbeddingProvider}' must be '{ModelProviders.Local}' or the same as Models__Provider ('{options.Provider}'): both use Models__Endpoint and Models__ApiKey.");
        }

        var remote = ModelProviders.IsRemote(options.Provider) || ModelProviders.IsRemote(options.EmbeddingProvider);
        if (remote)
        {
            if (string.IsNullOrWhiteSpace(options.Endpoint))
            {
                failures.Add($"Models__Endpoint is required when Models__Provider is '{options.Provider}' (e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 for Ollama, or https://NAME.openai.azure.com).");
            }
            else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"Models__Endpoint '{options.Endpoint}' is not an absolute http(s) URL.");
            }
        }

        if (ModelProviders.IsRemote(options.Provider) && (string.IsNullOrWhiteSpace(options.ChatModel) || options.ChatModel == Local.LocalChatClient.ModelId))
        {
            failures.Add($"Models__ChatModel must name the chat model{(options.Provider == ModelProviders.AzureOpenAI ? " deployment" : "")} when Models__Provider is '{options.Provider}' (e.g. gpt-4o-mini).");
        }

        if (ModelProviders.IsRemote(options.EmbeddingProvider) && (string.IsNullOrWhiteSpace(options.EmbeddingModel) || options.EmbeddingModel == MiniLmEmbeddingGenerator.DefaultModelId))
        {
            failures.Add($"Models__EmbeddingModel must name the embedding model{(options.EmbeddingProvider == ModelProviders.AzureOpenAI ? " deployment" : "")} when Models__EmbeddingProvider is '{options.EmbeddingProvider}' (e.g. text-embedding-3-small).");
        }

        if (options.Provider == ModelProviders.AzureOpenAI && ParseAzureApiVersion(options.AzureApiVersion) is null)
        {
            var known = string.Join(", ", Enum.GetNames<AzureOpenAIClientOptions.ServiceVersion>().Select(FormatAzureApiVersion));
            failures.Add($"Models__AzureApiVersion '{options.AzureApiVersion}' is not supported by the Azure OpenAI SDK (use one of: {known}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>"2024-10-21" or "2025-01-01-preview" to the SDK's service version.</summary>
    internal static AzureOpenAIClientOptions.ServiceVersion? ParseAzureApiVersion(string? version) =>
        !string.IsNullOrWhiteSpace(version)
        && Enum.TryParse<AzureOpenAIClientOptions.ServiceVersion>("V" + version.Trim().Replace('-', '_'), ignoreCase: true, out var parsed)
        && Enum.IsDefined(parsed)
            ? parsed
            : null;

    private static string FormatAzureApiVersion(string name) => name[1..].Replace('_', '-').ToLowerInvariant();
}
