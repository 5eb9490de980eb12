using System.Globalization;
using System.Text.Json.Nodes;
using AiNative.Platform.Governance.Gateway;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.AspNetCore.Http;

namespace AiNative.Api.Gateway;

/// <summary>Errors in the OpenAI shape (<c>{"error":{"message","type","param","code"}}</c>), which OpenAI SDKs parse.</summary>
public static class OpenAIErrors
{
    public static IResult Create(int status, string type, string code, string message, TimeSpan? retryAfter = null, string? param = null) =>
        new ErrorResult(status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        }, retryAfter);

    public static IResult InvalidRequest(string message, string? param = null) => Create(400, "invalid_request_error", "invalid_request", message, param: param);

    public static IResult Unauthorized(string message) => Create(401, "invalid_request_error", "invalid_api_key", message);

    /// <summary>The error for an exception of the gateway, or null when it is not one (a bug: let it surface as 500).</summary>
    public static IResult? FromException(Exception exception) => exception switch
    {
        QuotaExceededException q => Create(429, "rate_limit_exceeded", q.Quota == "budget" ? "token_budget_exceeded" : "rate_limit_exceeded", q.Message, q.RetryAfter),
        ModelUnavailableException { Kind: ModelFailureKind.RateLimited or ModelFailureKind.Throttled } u => Create(429, "rate_limit_exceeded", "model_rate_limited", u.Message, u.RetryAfter ?? TimeSpan.FromSeconds(1)),
        ModelUnavailableException { Kind: ModelFailureKind.ContentFilter } u => Create(400, "invalid_request_error", "content_filter", u.Message),
        ModelUnavailableException u => Create(503, "server_error", "model_unavailable", u.Message, u.RetryAfter),
        NoQualifyingModelException n => Create(404, "invalid_request_error", "model_not_found", n.Message, param: "model"),
        GuardrailViolationException g => Guardrail(g),
        OutputValidationException o => Create(502, "server_error", "output_validation_failed", o.Message),
        _ => null,
    };

    /// <summary>Problem type of a call a guardrail refused (policy action <c>block</c>).</summary>
    public const string BlockedType = "urn:ainative:guardrails:blocked";

    /// <summary>Problem type of a call refused pending approval (policy action <c>require_approval</c>).</summary>
    public const string ApprovalRequiredType = "urn:ainative:guardrails:approval-required";

    /// <summary>
    /// A guardrail refusal: the OpenAI <c>error</c> object (which SDKs parse) and, beside it, RFC 7807 members with the
    /// policy, channel, score and reasons. <c>block</c> → 400 <c>guardrail_violation</c>; <c>require_approval</c> → 403
    /// <c>approval_required</c>: nobody can approve inside a synchronous call, so it is refused pending approval (an
    /// agent run of the same request gets the approval flow).
    /// </summary>
    public static IResult Guardrail(GuardrailViolationException violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var (status, type, title, code) = violation.RequiresApproval
            ? (403, ApprovalRequiredType, "Approval required.", "approval_required")
            : (400, BlockedType, "Blocked by a guardrail.", "guardrail_violation");
        return new ErrorResult(status, new JsonObject
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = violation.Message,
            ["policy"] = violation.Policy,
            ["action"] = violation.Action,
            ["channel"] = violation.Channel,
            ["score"] = Math.Round(violation.Score, 2),
            ["reasons"] = new JsonArray([.. violation.Reasons.Select(r => (JsonNode?)JsonValue.Create(r))]),
            ["error"] = new JsonObject { ["message"] = violation.Message, ["type"] = "invalid_request_error", ["param"] = null, ["code"] = code },
        }, null, "application/problem+json");
    }

    private sealed class ErrorResult(int status, JsonObject body, TimeSpan? retryAfter, string? contentType = null) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            if (retryAfter is { } wait)
            {
                httpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Results.Json(body, contentType: contentType, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
