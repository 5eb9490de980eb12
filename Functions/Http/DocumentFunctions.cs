using AiNative.Api;
using AiNative.Api.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Functions.Http;

/// <summary>Documents: accept for ingestion, read ingestion status.</summary>
public sealed class DocumentFunctions(DocumentsHandler handler)
{
    [Function("SubmitDocument")]
    public Task<IActionResult> Submit([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Documents)] HttpRequest request) =>
        handler.PostAsync(request, request.HttpContext.RequestAborted).AsActionResult();

    [Function("GetDocument")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Document)] HttpRequest request, string id) =>
        handler.GetAsync(id, request.HttpContext.RequestAborted).AsActionResult();
}
