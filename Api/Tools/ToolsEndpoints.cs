using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace AiNative.Api.Tools;

/// <summary>Maps <c>GET /api/tools</c> and <c>GET /api/runs/{id}/audit</c> for the Standalone host.</summary>
public static class ToolsEndpoints
{
    public static IEndpointRouteBuilder MapToolsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/{ApiRoutes.Prefix}/{ToolsHandler.ToolsRoute}", (ToolsHandler h) => h.List());
        app.MapGet($"/{ApiRoutes.Prefix}/{ToolsHandler.AuditRoute}", (ToolsHandler h, string id, CancellationToken ct) => h.AuditAsync(id, ct));
        return app;
    }
}
