namespace AiNative.Platform.ModelPlane;

/// <summary>The provider names accepted in <c>Models__Provider</c> and <c>Models__EmbeddingProvider</c>.</summary>
public static class ModelProviders
{
    /// <summary>Offline development fallback: extractive chat (not a language model) and MiniLM embeddings.</summary>
    public const string Local = "local";

    /// <summary>Any server speaking the OpenAI HTTP API (OpenAI, Ollama, vLLM, LiteLLM, gateways).</summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>Azure OpenAI: model names are deployment names; key or Entra ID (managed identity).</summary>
    public const string AzureOpenAI = "azure-openai";

    public static IReadOnlyList<string> All { get; } = [Local, OpenAICompatible, AzureOpenAI];

    public static bool IsRemote(string provider) => provider is OpenAICompatible or AzureOpenAI;
}
