namespace AiNative.Api.Gateway;

/// <summary>The OpenAI-compatible routes, under the <c>api/</c> prefix on both hosts: OpenAI clients use base URL <c>https://HOST/api/v1</c>.</summary>
public static class GatewayRoutes
{
    public const string ChatCompletions = "v1/chat/completions";
    public const string Embeddings = "v1/embeddings";
    public const string Models = "v1/models";
}
