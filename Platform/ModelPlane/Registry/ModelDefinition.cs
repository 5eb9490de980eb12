namespace AiNative.Platform.ModelPlane.Registry;

/// <summary>One entry of <c>catalog/models.yaml</c>: the seed's schema plus what a real deployment needs.</summary>
public sealed record ModelDefinition
{
    public required string Id { get; init; }

    /// <summary><c>local</c>, <c>openai-compatible</c> or <c>azure-openai</c>.</summary>
    public required string Provider { get; init; }

    public IReadOnlySet<string> Capabilities { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Tokens the model accepts (prompt plus answer).</summary>
    public int ContextWindow { get; init; }

    /// <summary>Price per token (the seed's unit), input and output.</summary>
    public TokenCost TokenCost { get; init; } = new(0, 0);

    /// <summary>Regions the model may serve; <c>*</c> means wherever the platform runs (in-process models).</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    public IReadOnlySet<string> Compliance { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Ids tried in order when this model fails or its circuit is open.</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    /// <summary>The provider's model name or the Azure OpenAI deployment name (defaults to <see cref="Id"/>).</summary>
    public string? Deployment { get; init; }

    public string? Endpoint { get; init; }

    /// <summary>Name of the configuration setting that holds the API key (the key itself never sits in the catalog).</summary>
    public string? ApiKeySetting { get; init; }

    /// <summary><c>api-key</c>, <c>managed-identity</c> (Azure, Entra ID) or <c>none</c> (local servers such as Ollama).</summary>
    public string Auth { get; init; } = ModelAuth.None;

    /// <summary>Requests per minute this deployment allows (0: unlimited).</summary>
    public int RequestsPerMinute { get; init; }

    /// <summary>Tokens per minute this deployment allows (0: unlimited).</summary>
    public int TokensPerMinute { get; init; }

    /// <summary>SLO class: <c>interactive</c>, <c>tool-use</c> or <c>batch</c>; also the latency estimate before any call is observed.</summary>
    public string LatencyClass { get; init; } = LatencyClasses.Interactive;

    /// <summary>Length of the vectors an embedding model returns (0: not an embedding model, or unknown).</summary>
    public int Dimensions { get; init; }

    /// <summary>Disabled entries stay documented but are never routed to (remote models whose secrets are not set up).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The resolved API key (from <see cref="ApiKeySetting"/>); never logged.</summary>
    public string? ApiKey { get; init; }

    public string ProviderModel => Deployment ?? Id;

    /// <summary>Estimated price of a call.</summary>
    public decimal Cost(long inputTokens, long outputTokens) => (inputTokens * TokenCost.Input) + (outputTokens * TokenCost.Output);
}

/// <summary>Price per token.</summary>
public sealed record TokenCost(decimal Input, decimal Output);

/// <summary>How the gateway authenticates to a model deployment.</summary>
public static class ModelAuth
{
    public const string ApiKey = "api-key";
    public const string ManagedIdentity = "managed-identity";
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [ApiKey, ManagedIdentity, None];
}

/// <summary>The seed's SLO classes.</summary>
public static class LatencyClasses
{
    public const string Interactive = "interactive";
    public const string ToolUse = "tool-use";
    public const string Batch = "batch";

    public static IReadOnlyList<string> All { get; } = [Interactive, ToolUse, Batch];

    /// <summary>The latency objective of the class (p95; batch is p99 per 1000 tokens).</summary>
    public static TimeSpan Objective(string latencyClass) => latencyClass switch
    {
        ToolUse => TimeSpan.FromSeconds(5),
        Batch => TimeSpan.FromSeconds(30),
        _ => TimeSpan.FromSeconds(2),
    };
}

/// <summary>Capabilities a model entry may declare and a request may require.</summary>
public static class ModelCapabilities
{
    public const string Chat = "chat";
    public const string JsonSchema = "json_schema";
    public const string ToolUse = "tool_use";
    public const string Code = "code";
    public const string Vision = "vision";
    public const string Embeddings = "embeddings";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Chat, JsonSchema, ToolUse, Code, Vision, Embeddings };
}
