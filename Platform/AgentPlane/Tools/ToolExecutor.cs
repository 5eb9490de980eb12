using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.Catalog;
using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// The seed's tool execution wrapper, its eight steps in order: validate input, check permissions, apply the rate limit,
/// log the request with a unique id, execute with a timeout, validate the output, log the result, return. Refusals come
/// back as a typed <see cref="ToolError"/>; only transient failures throw (<see cref="ToolTransientException"/>), so a
/// durable retry runs the call again under the same idempotency key.
/// </summary>
public sealed partial class ToolExecutor(
    ToolRegistry registry,
    ToolBindings bindings,
    ToolRateLimits rateLimits,
    ToolCallLedger ledger,
    ToolAuditLog audit,
    IPiiRedactor redactor,
    PrincipalPseudonyms pseudonyms,
    TimeProvider time,
    IOptions<ToolOptions> options,
    ILogger<ToolExecutor> logger)
{
    public async Task<ToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var callId = Guid.NewGuid().ToString("n");
        var runId = ToolAuditLog.RunOf(call.RunId, time.GetUtcNow());
        if (!registry.TryGet(call.Tool, out var tool))
        {
            return new ToolResult(call.Tool, callId, null, new ToolError(ToolErrorCodes.UnknownTool,
                $"There is no tool '{call.Tool}'. Known tools: {string.Join(", ", registry.All.Select(t => t.Name))}."));
        }

        if (Activity.Current is { } span && span.GetTagItem("gen_ai.operation.name") as string == "execute_tool")
        {
            span.DisplayName = $"execute_tool {tool.Name}";
            span.SetTag("gen_ai.tool.name", tool.Name);
        }

        // 0. Exactly once: a call already completed under its key returns the recorded result and acts no more.
        if (call.IdempotencyKey is { } key && await ledger.FindAsync(key, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            // Redacted again: a ledger row written before results were redacted must not reach history or the audit unredacted.
            var replayed = ToolResultRedaction.Redact(recorded, redactor) with { Replayed = true };
            await audit.WriteAsync(Entry(tool, call, runId, replayed.CallId, ToolAuditPhases.Replayed, replayed), cancellationToken).ConfigureAwait(false);
            Log.Replayed(logger, tool.Name, key, replayed.CallId);
            return replayed;
        }

        // 1. Validate inputs against schema.
        if (CatalogJsonSchema.Violations(tool.InputSchema, call.Arguments) is { Count: > 0 } inputErrors)
        {
            return await RefuseAsync(tool, call, runId, callId, new ToolError(ToolErrorCodes.InvalidInput,
                $"The arguments of '{tool.Name}' do not match its input schema: {string.Join("; ", inputErrors)}", inputErrors), cancellationToken).ConfigureAwait(false);
        }

        // 2. Check permissions.
        if (tool.Permissions.Where(p => !ToolPermissions.Grants(call.Caller.Permissions, p)).ToList() is { Count: > 0 } missing)
        {
            return await RefuseAsync(tool, call, runId, callId, new ToolError(ToolErrorCodes.Forbidden,
                $"'{pseudonyms.Of(call.Caller.Principal)}'{(call.Caller.Agent is { } a ? $" (agent {a})" : "")} lacks the permission(s) {string.Join(", ", missing)} that '{tool.Name}' requires.", missing), cancellationToken).ConfigureAwait(false);
        }

        // 3. Apply rate limits, per person (their pseudonym, as in the audit trail: any spelling of an address is one caller).
        if (!rateLimits.TryAcquire(tool, pseudonyms.Of(call.Caller.Principal), out var retryAfter))
        {
            return await RefuseAsync(tool, call, runId, callId, new ToolError(ToolErrorCodes.RateLimited,
                $"'{tool.Name}' allows {tool.RateLimit.Text} per caller; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.", null, Math.Ceiling(retryAfter.TotalSeconds)), cancellationToken).ConfigureAwait(false);
        }

        // 4. Log request with unique ID (and claim the idempotency key before acting).
        var idempotencyKey = call.IdempotencyKey ?? $"adhoc:{callId}";
        await audit.WriteAsync(Entry(tool, call, runId, callId, ToolAuditPhases.Request, null), cancellationToken).ConfigureAwait(false);
        if (call.IdempotencyKey is not null && !await ledger.ClaimAsync(idempotencyKey, tool.Name, callId, cancellationToken).ConfigureAwait(false))
        {
            // An earlier attempt claimed the key and never recorded a result (it crashed, or is still running):
            // acting again is safe only because the handler passes the same key to the system it changes.
            Log.Reexecuting(logger, tool.Name, idempotencyKey);
        }

        // 5. Execute tool with timeout.
        var started = Stopwatch.GetTimestamp();
        JsonElement output;
        try
        {
            output = await InvokeAsync(tool, call, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return await FinishAsync(tool, call, runId, callId, null, new ToolError(ToolErrorCodes.Timeout,
                $"'{tool.Name}' did not answer within {tool.Timeout.TotalSeconds} s."), started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e))
        {
            Log.Transient(logger, tool.Name, e.GetType().Name);
            throw new ToolTransientException($"'{tool.Name}' failed transiently ({e.GetType().Name}): {redactor.Redact(e.Message).Text}", e);
        }
        catch (Exception e) when (e is ToolHandlerException or BillingException or HttpRequestException or JsonException or ArgumentException or InvalidOperationException)
        {
            return await FinishAsync(tool, call, runId, callId, null, new ToolError(ToolErrorCodes.HandlerFailed,
                $"'{tool.Name}' failed: {e.Message}"), started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A bug in the handler: the audit trail gets the failure, redacted, and the exception goes on to the caller
            // (an activity's host redacts and Durable retries it; MCP answers 'internal'). Not recorded under the key,
            // so a retry acts again.
            var error = ToolResultRedaction.Unexpected(tool.Name, PiiExceptionRedaction.Redact(e, redactor) ?? e);
            await audit.WriteAsync(Entry(tool, call, runId, callId, ToolAuditPhases.Result, new ToolResult(tool.Name, callId, null, error),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds), cancellationToken).ConfigureAwait(false);
            throw;
        }

        if (options.Value.DrillDelayAfterExecute > TimeSpan.Zero && (options.Value.DrillTool.Length == 0 || options.Value.DrillTool == tool.Name))
        {
            await Task.Delay(options.Value.DrillDelayAfterExecute, time, cancellationToken).ConfigureAwait(false);
        }

        // 6. Validate output.
        if (CatalogJsonSchema.Violations(tool.OutputSchema, output) is { Count: > 0 } outputErrors)
        {
            return await FinishAsync(tool, call, runId, callId, null, new ToolError(ToolErrorCodes.InvalidOutput,
                $"'{tool.Name}' returned a result that breaks its output schema: {string.Join("; ", outputErrors)}", outputErrors), started, cancellationToken).ConfigureAwait(false);
        }

        // 7. Log result; 8. Return to agent.
        return await FinishAsync(tool, call, runId, callId, output, null, started, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonElement> InvokeAsync(ToolDefinition tool, ToolCall call, string idempotencyKey, CancellationToken cancellationToken)
    {
        var handler = bindings.HandlerFor(tool);
        var invocation = new ToolInvocation(tool, call.Arguments, idempotencyKey, call.Caller, call.RunId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(tool.Timeout);
        try
        {
            // WaitAsync bounds handlers that ignore the token; the token tells cooperative ones to stop.
            return await handler.InvokeAsync(invocation, timeout.Token).WaitAsync(tool.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException();
        }
    }

    private async Task<ToolResult> RefuseAsync(ToolDefinition tool, ToolCall call, string runId, string callId, ToolError error, CancellationToken cancellationToken)
    {
        Log.Refused(logger, tool.Name, error.Code);
        var result = ToolResultRedaction.Redact(new ToolResult(tool.Name, callId, null, error, IdempotencyKey: call.IdempotencyKey), redactor);
        await audit.WriteAsync(Entry(tool, call, runId, callId, ToolAuditPhases.Result, result), cancellationToken).ConfigureAwait(false);
        // Refusals are not recorded under the key: the orchestration already holds them in history, and a later,
        // corrected call gets its own position and key.
        return result;
    }

    private async Task<ToolResult> FinishAsync(ToolDefinition tool, ToolCall call, string runId, string callId, JsonElement? output, ToolError? error, long started, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // Redacted before anything keeps it: the ledger, the audit trail, MCP callers and orchestration history all get this copy.
        var result = ToolResultRedaction.Redact(new ToolResult(tool.Name, callId, output, error, Undo: error is null ? tool.Undo : null, IdempotencyKey: call.IdempotencyKey), redactor);
        if (call.IdempotencyKey is { } key)
        {
            result = await ledger.CompleteAsync(key, result, cancellationToken).ConfigureAwait(false);
        }

        await audit.WriteAsync(Entry(tool, call, runId, result.CallId, ToolAuditPhases.Result, result, elapsed), cancellationToken).ConfigureAwait(false);
        Log.Executed(logger, tool.Name, result.CallId, result.Error?.Code ?? "ok", elapsed);
        return result;
    }

    private ToolAuditEntry Entry(ToolDefinition tool, ToolCall call, string runId, string callId, string phase, ToolResult? result, double? elapsed = null)
    {
        var input = tool.AuditLevel is AuditLevels.Medium or AuditLevels.High ? Redact(call.Arguments) : null;
        var output = tool.AuditLevel == AuditLevels.High && result?.Output is { } o ? o.GetRawText() : null;
        var status = phase == ToolAuditPhases.Request ? null : result?.Error is not null ? "error" : "ok";
        var message = result?.Error?.Message;
        // A person (an e-mail address, say) is kept as their keyed pseudonym, as runs started over HTTP already pass it:
        // audit queries still join on it, and service principals such as "mcp:billing-bot" stay readable.
        return new ToolAuditEntry(
            runId, callId, tool.Name, phase, time.GetUtcNow(), pseudonyms.Of(call.Caller.Principal), call.Caller.Agent, call.IdempotencyKey, tool.AuditLevel,
            status, result?.Error?.Code, message, elapsed, input, output, call.Compensates);
    }

    // String by string: redacting the raw text as one string could cut through an escape and leave invalid JSON.
    private string Redact(JsonElement value) => PiiJsonRedaction.Redact(redactor, value).GetRawText();

    private static bool IsTransient(Exception e) => e switch
    {
        ToolTransientException => true,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException h => h.StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
        IOException => true,
        _ => false,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Tool {Tool} call {CallId}: {Outcome} in {ElapsedMs} ms")]
        public static partial void Executed(ILogger logger, string tool, string callId, string outcome, double elapsedMs);

        [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Tool {Tool} refused a call: {Code}")]
        public static partial void Refused(ILogger logger, string tool, string code);

        [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Tool {Tool}: key {IdempotencyKey} already completed as call {CallId}; returning the recorded result")]
        public static partial void Replayed(ILogger logger, string tool, string idempotencyKey, string callId);

        [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "Tool {Tool}: key {IdempotencyKey} was claimed by an attempt that recorded no result; executing again under the same key")]
        public static partial void Reexecuting(ILogger logger, string tool, string idempotencyKey);

        [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "Tool {Tool} failed transiently ({Error}); the durable retry will call it again")]
        public static partial void Transient(ILogger logger, string tool, string error);
    }
}

/// <summary>Permission matching: exact names, <c>prefix.*</c> wildcards, or <c>*</c> for everything.</summary>
public static class ToolPermissions
{
    public static bool Grants(IEnumerable<string> granted, string required)
    {
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(required);
        return granted.Any(g => g == "*" || g == required || (g.EndsWith(".*", StringComparison.Ordinal) && required.StartsWith(g[..^1], StringComparison.Ordinal)));
    }
}
