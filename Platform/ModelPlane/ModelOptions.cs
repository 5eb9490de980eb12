namespace AiNative.Platform.ModelPlane;

/// <summary>Which chat and embedding models the gateway talks to (configuration section <c>Models</c>).</summary>
public sealed class ModelOptions
{
    public const string Section = "Models";

    /// <summary><c>local</c> (default; a DEVELOPMENT FALLBACK that extracts instead of generating, not a language model), <c>openai-compatible</c> or <c>azure-openai</c>.</summary>
    public string Provider { get; set; } = "local";

    /// <summary>Base URL: <c>https://api.openai.com/v1</c>, <c>http://127.0.0.1:11434/v1</c> (Ollama), or the Azure OpenAI resource endpoint.</summary>
    public string? Endpoint { get; set; }

    /// <summary>API key (a secret: set it through environment or Key Vault, never in Git). Azure OpenAI without a key uses Entra ID (DefaultAzureCredential).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Chat model name, or Azure OpenAI deployment name.</summary>
    public string ChatModel { get; set; } = "local-extractive";

    /// <summary>Embedding provider: <c>local</c> (MiniLM, offline) or the same as <see cref="Provider"/>.</summary>
    public string EmbeddingProvider { get; set; } = "local";

    /// <summary>Embedding model name, or Azure OpenAI deployment name.</summary>
    public string EmbeddingModel { get; set; } = "all-MiniLM-L6-v2";

    /// <summary>Azure OpenAI API version.</summary>
    public string AzureApiVersion { get; set; } = "2024-10-21";

    /// <summary>Id in <c>catalog/models.yaml</c> used when a call asks for nothing in particular (default: the file's <c>default</c>, or <see cref="ChatModel"/> when <see cref="Provider"/> is remote).</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Comma-separated ids of <c>models.yaml</c> entries to enable on top of those the file enables (their secret settings must then be set).</summary>
    public string? EnabledModels { get; set; }
}
