using AiNative.Api;
using AiNative.Api.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AiNative.Functions.Http;

/// <summary>Agent runs: start, status, terminate, events.</summary>
public sealed class AgentRunFunctions(AgentRunsHandler handler)
{
    [Function("StartAgentRun")]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.AgentRuns)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string agent) =>
        handler.StartAsync(request, client, agent, request.HttpContext.RequestAborted).AsActionResult();

    [Function("GetRun")]
    public static Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Run)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        AgentRunsHandler.GetAsync(client, id, request.HttpContext.RequestAborted).AsActionResult();

    [Function("TerminateRun")]
    public Task<IActionResult> Terminate(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RunTerminate)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        handler.TerminateAsync(request, client, id, request.HttpContext.RequestAborted).AsActionResult();

    [Function("RaiseRunEvent")]
    public Task<IActionResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RunEvent)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id,
        string eventName) =>
        handler.RaiseEventAsync(request, client, id, eventName, request.HttpContext.RequestAborted).AsActionResult();
}
