using AiNative.Api;
using AiNative.Api.Evals;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AiNative.Functions.Http;

/// <summary>Eval runs: start a suite, read its result.</summary>
public sealed class EvalFunctions(EvalRunsHandler handler)
{
    [Function("StartEvalRun")]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.EvalRuns)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        handler.StartAsync(request, client, request.HttpContext.RequestAborted).AsActionResult();

    [Function("GetEvalRun")]
    public static Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.EvalRun)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        EvalRunsHandler.GetAsync(client, id, request.HttpContext.RequestAborted).AsActionResult();
}
