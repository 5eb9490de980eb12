using AiNative.Api.Http;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace AiNative.Api.Approvals;

/// <summary>
/// The approval link over HTTP: <c>GET /api/approvals/{token}</c> shows the request (never changes state, since mail
/// scanners prefetch links); <c>POST</c> (form or JSON) records the decision once and raises the durable event.
/// The rules live in <see cref="ApprovalLinkService"/>; this only translates HTTP.
/// </summary>
public sealed class ApprovalLinksHandler(ApprovalLinkService links)
{
    private const int MaxCommentLength = 2000;

    public async Task<IResult> GetAsync(HttpRequest request, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = await links.ShowAsync(token, request.PathBase + request.Path, cancellationToken).ConfigureAwait(false);
        return Html(request, page);
    }

    public async Task<IResult> PostAsync(HttpRequest request, DurableTaskClient client, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var json = request.HasJsonContentType();
        string? decision, comment, approver;
        if (json)
        {
            var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            (decision, var decisionProblem) = JsonBody.RequiredString(body, ApprovalPageRenderer.DecisionField, 32);
            (comment, var commentProblem) = JsonBody.OptionalString(body, ApprovalPageRenderer.CommentField, MaxCommentLength);
            (approver, var approverProblem) = JsonBody.RequiredString(body, ApprovalPageRenderer.ApproverField, 256);
            if ((decisionProblem ?? commentProblem ?? approverProblem) is { } invalid)
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
            decision = form[ApprovalPageRenderer.DecisionField].FirstOrDefault();
            comment = form[ApprovalPageRenderer.CommentField].FirstOrDefault();
            approver = form[ApprovalPageRenderer.ApproverField].FirstOrDefault();
            if (comment is { Length: > MaxCommentLength })
            {
                return ApiProblems.BadRequest($"'comment' must be at most {MaxCommentLength} characters.", ApprovalPageRenderer.CommentField);
            }
        }
        else
        {
            return ApiProblems.UnsupportedMediaType("Send the decision as a form or as JSON {\"decision\": \"approve\", \"approver\": \"you@example.com\", \"comment\": \"...\"}.");
        }

        var page = await links.DecideAsync(token, decision, comment, approver, cancellationToken).ConfigureAwait(false);
        if (page.Decided is { } decided)
        {
            await client.RaiseEventAsync(decided.InstanceId, RequestApproval.DecisionEvent, decided.Decision, cancellationToken).ConfigureAwait(false);
        }

        if (!json)
        {
            return Html(request, page);
        }

        return page.Decided is { } made
            ? Results.Ok(new { approvalId = made.ApprovalId, decision = made.Decision.Decision, decidedBy = made.Decision.DecidedBy })
            : ApiProblems.Problem(page.StatusCode, page.Title, page.Message);
    }

    private static IResult Html(HttpRequest request, ApprovalPage page)
    {
        foreach (var (name, value) in ApprovalPageRenderer.SecurityHeaders)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

        return Results.Content(page.Html, ApprovalPageRenderer.ContentType, System.Text.Encoding.UTF8, page.StatusCode);
    }
}
