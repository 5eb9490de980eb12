using AiNative.Api;
using AiNative.Api.Approvals;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AiNative.Functions.Http;

/// <summary>Slack's interactive callbacks: anonymous, because Slack's request signature is the credential.</summary>
public sealed class SlackFunctions(SlackInteractionsHandler handler)
{
    [Function("SlackInteractions")]
    public Task<IActionResult> Interactions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.SlackInteractions)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        handler.PostAsync(request, client, request.HttpContext.RequestAborted).AsActionResult();
}
