using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AiNative.Api.Gateway;

/// <summary>Maps the OpenAI-compatible gateway for the Standalone host: <c>/api/v1/chat/completions</c>, <c>/api/v1/embeddings</c>, <c>/api/v1/models</c>.</summary>
public static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        api.MapPost(GatewayRoutes.ChatCompletions, (HttpContext c, OpenAIGatewayHandler h) => h.ChatCompletionsAsync(c)).DisableAntiforgery();
        api.MapPost(GatewayRoutes.Embeddings, (HttpContext c, OpenAIGatewayHandler h) => h.EmbeddingsAsync(c)).DisableAntiforgery();
        api.MapGet(GatewayRoutes.Models, (HttpContext c, OpenAIGatewayHandler h) => h.Models(c));
        return app;
    }
}
