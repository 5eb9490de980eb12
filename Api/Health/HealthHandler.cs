using AiNative.Orchestrations.Agents;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.Storage;
using Microsoft.AspNetCore.Http;

namespace AiNative.Api.Health;

/// <summary><c>GET /api/health</c>: the app answers and can reach its storage account.</summary>
public sealed class HealthHandler(StorageAccount storage)
{
    private static readonly string Version = typeof(HealthHandler).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public async Task<IResult> GetAsync(CancellationToken cancellationToken = default)
    {
        string storageStatus;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await storage.Tables.GetPropertiesAsync(timeout.Token).ConfigureAwait(false);
            storageStatus = "ok";
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
        {
            storageStatus = "unreachable";
        }

        var healthy = storageStatus == "ok";
        var body = new
        {
            status = healthy ? "ok" : "degraded",
            version = Version,
            storage = storageStatus,
            agents = AgentCatalog.Names,
            orchestrations = DurableFunctionCatalog.All.Count(f => f.Kind == DurableFunctionKind.Orchestrator),
            activities = DurableFunctionCatalog.All.Count(f => f.Kind == DurableFunctionKind.Activity),
        };
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
