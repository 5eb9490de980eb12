using AiNative.Api;
using AiNative.Api.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AiNative.Functions.Http;

/// <summary>Assistant sessions: start, post a message, read.</summary>
public sealed class SessionFunctions(SessionsHandler handler)
{
    [Function("StartSession")]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Sessions)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        handler.StartAsync(request, client, request.HttpContext.RequestAborted).AsActionResult();

    [Function("PostSessionMessage")]
    public Task<IActionResult> PostMessage(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.SessionMessages)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        handler.PostMessageAsync(request, client, id, request.HttpContext.RequestAborted).AsActionResult();

    [Function("GetSession")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Session)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        handler.GetAsync(request, client, id, request.HttpContext.RequestAborted).AsActionResult();
}
