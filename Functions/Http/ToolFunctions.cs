using AiNative.Api.Tools;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Functions.Http;

/// <summary>The tool registry and the audit trail of a run's tool calls.</summary>
public sealed class ToolFunctions(ToolsHandler handler)
{
    [Function("ListTools")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = ToolsHandler.ToolsRoute)] HttpRequest request) =>
        Task.FromResult(handler.List()).AsActionResult();

    [Function("GetRunAudit")]
    public Task<IActionResult> Audit([HttpTrigger(AuthorizationLevel.Function, "get", Route = ToolsHandler.AuditRoute)] HttpRequest request, string id) =>
        handler.AuditAsync(id, request.HttpContext.RequestAborted).AsActionResult();
}
