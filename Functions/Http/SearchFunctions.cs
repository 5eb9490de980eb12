using AiNative.Api.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Functions.Http;

/// <summary>Hybrid search over the knowledge store.</summary>
public sealed class SearchFunctions(SearchHandler handler)
{
    [Function("SearchKnowledge")]
    public Task<IActionResult> Search([HttpTrigger(AuthorizationLevel.Function, "get", Route = SearchHandler.Route)] HttpRequest request) =>
        handler.GetAsync(request, request.HttpContext.RequestAborted).AsActionResult();
}
