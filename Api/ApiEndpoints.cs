using AiNative.Api.Approvals;
using AiNative.Api.Documents;
using AiNative.Api.Evals;
using AiNative.Api.Gateway;
using AiNative.Api.Health;
using AiNative.Api.Runs;
using AiNative.Api.Search;
using AiNative.Api.Sessions;
using AiNative.Api.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace AiNative.Api;

/// <summary>
/// The API as ASP.NET Core minimal-API routes, for hosts without the Functions runtime (Standalone). Each route is
/// one call into the same handler the Functions HTTP triggers call.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapAiNativeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        api.MapGet(ApiRoutes.Health, (HealthHandler h, CancellationToken ct) => h.GetAsync(ct));
        api.MapPost(ApiRoutes.AgentRuns, (HttpRequest r, DurableTaskClient c, AgentRunsHandler h, string agent, CancellationToken ct) => h.StartAsync(r, c, agent, ct));
        api.MapGet(ApiRoutes.Run, (DurableTaskClient c, string id, CancellationToken ct) => AgentRunsHandler.GetAsync(c, id, ct));
        api.MapPost(ApiRoutes.RunTerminate, (HttpRequest r, DurableTaskClient c, AgentRunsHandler h, string id, CancellationToken ct) => h.TerminateAsync(r, c, id, ct));
        api.MapPost(ApiRoutes.RunEvent, (HttpRequest r, DurableTaskClient c, AgentRunsHandler h, string id, string eventName, CancellationToken ct) => h.RaiseEventAsync(r, c, id, eventName, ct));
        api.MapGet(ApiRoutes.Approval, (HttpRequest r, ApprovalLinksHandler h, string token, CancellationToken ct) => h.GetAsync(r, token, ct));
        api.MapPost(ApiRoutes.Approval, (HttpRequest r, DurableTaskClient c, ApprovalLinksHandler h, string token, CancellationToken ct) => h.PostAsync(r, c, token, ct))
            .DisableAntiforgery();
        api.MapPost(ApiRoutes.SlackInteractions, (HttpRequest r, DurableTaskClient c, SlackInteractionsHandler h, CancellationToken ct) => h.PostAsync(r, c, ct))
            .DisableAntiforgery();
        api.MapPost(ApiRoutes.Documents, (HttpRequest r, DocumentsHandler h, CancellationToken ct) => h.PostAsync(r, ct));
        api.MapGet(ApiRoutes.Document, (DocumentsHandler h, string id, CancellationToken ct) => h.GetAsync(id, ct));
        api.MapPost(ApiRoutes.EvalRuns, (HttpRequest r, DurableTaskClient c, EvalRunsHandler h, CancellationToken ct) => h.StartAsync(r, c, ct));
        api.MapGet(ApiRoutes.EvalRun, (DurableTaskClient c, string id, CancellationToken ct) => EvalRunsHandler.GetAsync(c, id, ct));
        api.MapPost(ApiRoutes.Sessions, (HttpRequest r, DurableTaskClient c, SessionsHandler h, CancellationToken ct) => h.StartAsync(r, c, ct));
        api.MapGet(ApiRoutes.Session, (HttpRequest r, DurableTaskClient c, SessionsHandler h, string id, CancellationToken ct) => h.GetAsync(r, c, id, ct));
        api.MapPost(ApiRoutes.SessionMessages, (HttpRequest r, DurableTaskClient c, SessionsHandler h, string id, CancellationToken ct) => h.PostMessageAsync(r, c, id, ct));
        app.MapGatewayApi();
        app.MapSearchApi();
        app.MapToolsApi();
        return app;
    }
}
