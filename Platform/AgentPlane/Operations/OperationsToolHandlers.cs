using System.Text.Json;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.AgentPlane.Tools.Handlers;

namespace AiNative.Platform.AgentPlane.Operations;

/// <summary>Names of the incident-response tools in <c>catalog/tools/operations.yaml</c>.</summary>
public static class OperationsTools
{
    public const string QueryLogs = "query_logs";
    public const string QueryMetrics = "query_metrics";
    public const string GetRunbook = "get_runbook";
    public const string RemediateService = "remediate_service";
    public const string UndoRemediation = "undo_remediation";
}

/// <summary>Tool <c>query_logs</c>: recent log lines of a service, newest first (read-only).</summary>
public sealed class QueryLogsHandler(IOperationsSystem operations) : IToolHandler
{
    public string Name => OperationsTools.QueryLogs;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var query = ToolJson.Read<Arguments>(invocation.Arguments);
        return ToolJson.Write(await OperationsHandlerErrors.Run(() => operations.QueryLogsAsync(
            new LogQuery(query.Service, query.SinceMinutes ?? 60, query.MinLevel, query.Contains, query.Max ?? 50), cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>The arguments of <c>query_logs</c>.</summary>
    public sealed record Arguments(string Service, int? SinceMinutes, string? MinLevel, string? Contains, int? Max);
}

/// <summary>Tool <c>query_metrics</c>: a service's metric series with latest, min, max and average (read-only).</summary>
public sealed class QueryMetricsHandler(IOperationsSystem operations) : IToolHandler
{
    public string Name => OperationsTools.QueryMetrics;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var query = ToolJson.Read<Arguments>(invocation.Arguments);
        return ToolJson.Write(await OperationsHandlerErrors.Run(() => operations.QueryMetricsAsync(query.Service, query.Metric, query.SinceMinutes ?? 60, cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>The arguments of <c>query_metrics</c>.</summary>
    public sealed record Arguments(string Service, string? Metric, int? SinceMinutes);
}

/// <summary>Tool <c>get_runbook</c>: the best-matching runbook for symptoms and a service, with its remediation and check.</summary>
public sealed class GetRunbookHandler(RunbookLibrary runbooks) : IToolHandler
{
    public string Name => OperationsTools.GetRunbook;

    public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var query = ToolJson.Read<Arguments>(invocation.Arguments);
        var found = runbooks.Find(query.Query, query.Service);
        var best = found.Count > 0 ? found[0] : null;
        return Task.FromResult(ToolJson.Write(best is null
            ? new Lookup(false, null, null, null, null, null, 0)
            : new Lookup(true, best.Runbook.Id, best.Runbook.Title, best.Runbook.Remediation, best.Runbook.Verify, best.Runbook.Body, best.Score)));
    }

    /// <summary>The arguments of <c>get_runbook</c>.</summary>
    public sealed record Arguments(string Query, string? Service);

    /// <summary>The output of <c>get_runbook</c>.</summary>
    public sealed record Lookup(bool Found, string? RunbookId, string? Title, RunbookRemediation? Remediation, RunbookCheck? Verify, string? Body, double Score);
}

/// <summary>Tool <c>remediate_service</c>: restart or scale a service, exactly once per idempotency key (side effect, high risk).</summary>
public sealed class RemediateServiceHandler(IOperationsSystem operations) : IToolHandler
{
    public string Name => OperationsTools.RemediateService;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var command = ToolJson.Read<Arguments>(invocation.Arguments);
        return ToolJson.Write(await OperationsHandlerErrors.Run(() => operations.RemediateAsync(
            new RemediationCommand(invocation.IdempotencyKey, command.Service, command.Action, command.Replicas, invocation.Caller.Principal), cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>The arguments of <c>remediate_service</c>.</summary>
    public sealed record Arguments(string Service, string Action, int? Replicas, string? Reason);
}

/// <summary>Tool <c>undo_remediation</c>: the compensation of <c>remediate_service</c>, called with its output.</summary>
public sealed class UndoRemediationHandler(IOperationsSystem operations) : IToolHandler
{
    public string Name => OperationsTools.UndoRemediation;

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var undo = ToolJson.Read<Arguments>(invocation.Arguments);
        return ToolJson.Write(await OperationsHandlerErrors.Run(() => operations.UndoAsync(undo.RemediationId, invocation.Caller.Agent ?? invocation.Caller.Principal, cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>The arguments of <c>undo_remediation</c> (other fields of the remediation record are ignored).</summary>
    public sealed record Arguments(string RemediationId);
}

/// <summary>Turns the operations system's explained refusals into the handler refusal the agent sees.</summary>
internal static class OperationsHandlerErrors
{
    public static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationsException e)
        {
            throw new ToolHandlerException(e.Message, e);
        }
    }
}
