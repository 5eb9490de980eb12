using AiNative.Api.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Functions.Http;

/// <summary>
/// The OpenAI-compatible gateway at <c>/api/v1/...</c> (OpenAI clients use base URL <c>https://APP/api/v1</c>).
/// Anonymous at the Functions level on purpose: the gateway checks the tenant API key itself, in the header OpenAI clients send.
/// </summary>
public sealed class GatewayFunctions(OpenAIGatewayHandler handler)
{
    [Function("GatewayChatCompletions")]
    public Task<IActionResult> ChatCompletions([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = GatewayRoutes.ChatCompletions)] HttpRequest request) =>
        handler.ChatCompletionsAsync(request.HttpContext).AsActionResult();

    [Function("GatewayEmbeddings")]
    public Task<IActionResult> Embeddings([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = GatewayRoutes.Embeddings)] HttpRequest request) =>
        handler.EmbeddingsAsync(request.HttpContext).AsActionResult();

    [Function("GatewayModels")]
    public IActionResult Models([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = GatewayRoutes.Models)] HttpRequest request) =>
        new ResultActionResult(handler.Models(request.HttpContext));
}
