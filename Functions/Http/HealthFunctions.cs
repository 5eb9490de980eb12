using AiNative.Api;
using AiNative.Api.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Functions.Http;

/// <summary><c>GET /api/health</c>.</summary>
public sealed class HealthFunctions(HealthHandler handler)
{
    [Function("Health")]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request) =>
        handler.GetAsync(request.HttpContext.RequestAborted).AsActionResult();
}
