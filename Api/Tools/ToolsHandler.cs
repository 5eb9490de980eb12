using System.Text.Json;
using AiNative.Api.Http;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.AspNetCore.Http;

namespace AiNative.Api.Tools;

/// <summary>
/// <c>GET /api/tools</c>: the tool registry with each tool's schemas, permissions, limits and binding;
/// <c>GET /api/runs/{id}/audit</c>: the audit trail of a run's tool calls (inputs and outputs as the tool's audit level kept them, PII redacted).
/// </summary>
public sealed class ToolsHandler(ToolRegistry registry, ToolAuditLog audit)
{
    /// <summary>Routes, relative to the <c>api/</c> prefix.</summary>
    public const string ToolsRoute = "tools";

    public const string AuditRoute = "runs/{id}/audit";

    public IResult List() => Results.Ok(new
    {
        tools = registry.All.Select(t => new
        {
            name = t.Name,
            description = t.Description,
            permissions = t.Permissions,
            input_schema = t.InputSchemaJson,
            output_schema = t.OutputSchemaJson,
            rate_limit = t.RateLimit.Text,
            audit_level = t.AuditLevel,
            risk = t.Risk,
            timeout_seconds = t.Timeout.TotalSeconds,
            undo = t.Undo,
            runs_as = t.Handler is not null ? "handler" : t.Http is not null ? "http" : "mcp",
        }),
    });

    public async Task<IResult> AuditAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 200)
        {
            return ApiProblems.BadRequest("The run id must be 1 to 200 characters.", "id");
        }

        var entries = await audit.ListAsync(id, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return ApiProblems.NotFound($"No tool calls are recorded for run '{id}'.");
        }

        return Results.Json(new { runId = id, entries }, Web);
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
