using System.ClientModel;
using System.ClientModel.Primitives;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Embeddings;
using AiNative.Platform.ModelPlane.Local;
using Azure.AI.OpenAI;
using Azure.Identity;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AiNative.Platform.ModelPlane.Providers;

/// <summary>Creates the innermost chat client and embedding generator for the configured providers.</summary>
/// <remarks>Pipeline stages (telemetry, logging, and later routing, circuit breakers, caches) wrap these in AddModelPlane.</remarks>
public static class ModelClientFactory
{
    // OpenAI-compatible local servers (Ollama, vLLM) ignore the key, but the SDK refuses an empty one.
    private const string NoKey = "no-key";

    public static IChatClient CreateChatClient(ModelOptions options, Func<LocalChatClient> local)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(local);
        return options.Provider switch
        {
            ModelProviders.Local => local(),
            ModelProviders.OpenAICompatible => CreateOpenAIClient(options).GetChatClient(options.ChatModel).AsIChatClient(),
            ModelProviders.AzureOpenAI => CreateAzureClient(options).GetChatClient(options.ChatModel).AsIChatClient(),
            _ => throw new InvalidOperationException($"Models__Provider '{options.Provider}' is not supported (use one of: {string.Join(", ", ModelProviders.All)})."),
        };
    }

    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ModelOptions options, Func<MiniLmEmbeddingGenerator> local)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(local);
        return options.EmbeddingProvider switch
        {
            ModelProviders.Local => local(),
            ModelProviders.OpenAICompatible => CreateOpenAIClient(options).GetEmbeddingClient(options.EmbeddingModel).AsIEmbeddingGenerator(),
            ModelProviders.AzureOpenAI => CreateAzureClient(options).GetEmbeddingClient(options.EmbeddingModel).AsIEmbeddingGenerator(),
            _ => throw new InvalidOperationException($"Models__EmbeddingProvider '{options.EmbeddingProvider}' is not supported (use one of: {string.Join(", ", ModelProviders.All)})."),
        };
    }

    /// <summary>The provider client of one registry model. SDK retries are off: the gateway's retry stage owns them (and honours Retry-After).</summary>
    public static IChatClient CreateChatClient(ModelDefinition model, Func<LocalChatClient> local, string azureApiVersion)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(local);
        var endpoint = Uri.TryCreate(model.Endpoint, UriKind.Absolute, out var uri)
            ? uri
            : model.Provider == ModelProviders.Local ? null : throw new InvalidOperationException($"Model '{model.Id}' has no endpoint.");
        switch (model.Provider)
        {
            case ModelProviders.Local:
                return local();
            case ModelProviders.OpenAICompatible:
                return new OpenAIClient(
                        new ApiKeyCredential(string.IsNullOrEmpty(model.ApiKey) ? NoKey : model.ApiKey),
                        new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = TimeSpan.FromMinutes(10) })
                    .GetChatClient(model.ProviderModel).AsIChatClient();
            case ModelProviders.AzureOpenAI:
                var version = ModelOptionsValidator.ParseAzureApiVersion(azureApiVersion)
                    ?? throw new InvalidOperationException($"Models__AzureApiVersion '{azureApiVersion}' is not supported by the Azure OpenAI SDK.");
                var clientOptions = new AzureOpenAIClientOptions(version) { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = TimeSpan.FromMinutes(10) };
                var client = model.Auth == ModelAuth.ManagedIdentity || string.IsNullOrEmpty(model.ApiKey)
                    ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), clientOptions)
                    : new AzureOpenAIClient(endpoint, new ApiKeyCredential(model.ApiKey), clientOptions);
                return client.GetChatClient(model.ProviderModel).AsIChatClient();
            default:
                throw new InvalidOperationException($"Model '{model.Id}': provider '{model.Provider}' is not supported.");
        }
    }

    /// <summary>The provider embedding generator of one registry model (<c>local</c>: MiniLM in-process). SDK retries are off.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ModelDefinition model, Func<MiniLmEmbeddingGenerator> local, string azureApiVersion)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(local);
        if (model.Provider == ModelProviders.Local)
        {
            return local();
        }

        var endpoint = Uri.TryCreate(model.Endpoint, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"Model '{model.Id}' has no endpoint.");
        switch (model.Provider)
        {
            case ModelProviders.OpenAICompatible:
                return new OpenAIClient(
                        new ApiKeyCredential(string.IsNullOrEmpty(model.ApiKey) ? NoKey : model.ApiKey),
                        new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(0) })
                    .GetEmbeddingClient(model.ProviderModel).AsIEmbeddingGenerator();
            case ModelProviders.AzureOpenAI:
                var version = ModelOptionsValidator.ParseAzureApiVersion(azureApiVersion)
                    ?? throw new InvalidOperationException($"Models__AzureApiVersion '{azureApiVersion}' is not supported by the Azure OpenAI SDK.");
                var clientOptions = new AzureOpenAIClientOptions(version) { RetryPolicy = new ClientRetryPolicy(0) };
                var client = model.Auth == ModelAuth.ManagedIdentity || string.IsNullOrEmpty(model.ApiKey)
                    ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), clientOptions)
                    : new AzureOpenAIClient(endpoint, new ApiKeyCredential(model.ApiKey), clientOptions);
                return client.GetEmbeddingClient(model.ProviderModel).AsIEmbeddingGenerator();
            default:
                throw new InvalidOperationException($"Model '{model.Id}': provider '{model.Provider}' is not supported.");
        }
    }

    private static OpenAIClient CreateOpenAIClient(ModelOptions options) =>
        new(new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? NoKey : options.ApiKey), new OpenAIClientOptions { Endpoint = RequireEndpoint(options) });

    private static AzureOpenAIClient CreateAzureClient(ModelOptions options)
    {
        var version = ModelOptionsValidator.ParseAzureApiVersion(options.AzureApiVersion)
            ?? throw new InvalidOperationException($"Models__AzureApiVersion '{options.AzureApiVersion}' is not supported by the Azure OpenAI SDK.");
        var clientOptions = new AzureOpenAIClientOptions(version);
        var endpoint = RequireEndpoint(options);
        return string.IsNullOrEmpty(options.ApiKey)
            ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions);
    }

    private static Uri RequireEndpoint(ModelOptions options) =>
        Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"Models__Endpoint is required when Models__Provider is '{options.Provider}'.");
}
