using AiNative.Api;
using AiNative.Api.Approvals;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AiNative.Functions.Http;

/// <summary>Approval links: anonymous, because the signed single-use token is the credential.</summary>
public sealed class ApprovalFunctions(ApprovalLinksHandler handler)
{
    [Function("ShowApproval")]
    public Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Approval)] HttpRequest request,
        string token) =>
        handler.GetAsync(request, token, request.HttpContext.RequestAborted).AsActionResult();

    [Function("DecideApproval")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Approval)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string token) =>
        handler.PostAsync(request, client, token, request.HttpContext.RequestAborted).AsActionResult();
}
