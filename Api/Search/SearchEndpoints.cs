using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AiNative.Api.Search;

/// <summary>Maps <c>GET /api/search</c> for the Standalone host.</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/{ApiRoutes.Prefix}/{SearchHandler.Route}", (HttpRequest r, SearchHandler h, CancellationToken ct) => h.GetAsync(r, ct));
        return app;
    }
}
