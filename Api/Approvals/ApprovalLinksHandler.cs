using AiNative.Api.Http;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace AiNative.Api.Approvals;

/// <summary>
/// The approval link: <c>GET /api/approvals/{token}</c> shows the request (never changes state, since mail scanners
/// prefetch links); <c>POST</c> records the decision once and raises the durable event.
/// </summary>
public sealed class ApprovalLinksHandler(ApprovalWorkflow workflow, ApprovalPageRenderer pages)
{
    private const int MaxCommentLength = 2000;

    public async Task<IResult> GetAsync(HttpRequest request, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await workflow.OpenAsync(token, cancellationToken).ConfigureAwait(false);
        return result.Outcome == ApprovalLinkOutcome.Pending
            ? Html(pages.RenderRequest(result.Record!, request.PathBase + request.Path), StatusCodes.Status200OK)
            : Refusal(result, wantsJson: false);
    }

    public async Task<IResult> PostAsync(HttpRequest request, DurableTaskClient client, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var wantsJson = request.HasJsonContentType();
        string? decision;
        string? comment;
        if (wantsJson)
        {
            var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            (decision, var decisionProblem) = JsonBody.RequiredString(body, "decision", 32);
            (comment, var commentProblem) = JsonBody.OptionalString(body, "comment", MaxCommentLength);
            if ((decisionProblem ?? commentProblem) is { } invalid)
            {
                return invalid;
            }
        }
        else if (request.HasFormContentType)
        {
            if (request.ContentLength > JsonBody.DefaultLimit)
            {
                return ApiProblems.TooLarge(JsonBody.DefaultLimit);
            }

            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            decision = form["decision"].FirstOrDefault();
            comment = form["comment"].FirstOrDefault();
            if (comment is { Length: > MaxCommentLength })
            {
                return Html(pages.RenderOutcome("Comment too long", $"The comment must be at most {MaxCommentLength} characters.", 400), 400);
            }
        }
        else
        {
            return ApiProblems.UnsupportedMediaType("Send the decision as a form (application/x-www-form-urlencoded) or as JSON {\"decision\": ..., \"comment\": ...}.");
        }

        var result = await workflow.DecideAsync(token, decision?.Trim().ToLowerInvariant() ?? "", comment, DecidedBy(request), cancellationToken).ConfigureAwait(false);
        if (result.Outcome != ApprovalLinkOutcome.Decided)
        {
            return Refusal(result, wantsJson);
        }

        await client.RaiseEventAsync(result.Record!.Request.InstanceId, RequestApproval.DecisionEvent, result.Decision, cancellationToken).ConfigureAwait(false);
        var summary = result.Record.Request.Action.Summary;
        var message = result.Decision!.Decision switch
        {
            ApprovalDecisions.Approve => $"Approved: {summary}. The agent continues.",
            ApprovalDecisions.Reject => $"Rejected: {summary}. The agent will not act.",
            _ => $"More information requested for: {summary}. The agent will come back with a new request.",
        };
        return wantsJson
            ? Results.Ok(new { approvalId = result.Record.Request.ApprovalId, runId = result.Record.Request.RunId, decision = result.Decision.Decision, message })
            : Html(pages.RenderOutcome("Thank you", message, 200), 200);
    }

    private IResult Refusal(ApprovalLinkResult result, bool wantsJson)
    {
        var (status, title) = result.Outcome switch
        {
            ApprovalLinkOutcome.AlreadyDecided => (StatusCodes.Status409Conflict, "Already answered"),
            ApprovalLinkOutcome.Expired => (StatusCodes.Status410Gone, "Link expired"),
            ApprovalLinkOutcome.InvalidDecision => (StatusCodes.Status400BadRequest, "Unknown decision"),
            ApprovalLinkOutcome.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            _ => (StatusCodes.Status403Forbidden, "Invalid link"),
        };
        var message = result.Message ?? title;
        return wantsJson ? ApiProblems.Problem(status, title, message) : Html(pages.RenderOutcome(title, message, status), status);
    }

    private static string DecidedBy(HttpRequest request) =>
        request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].FirstOrDefault() is { Length: > 0 } name ? name : "approval-link";

    private static IResult Html(string html, int status) => Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
