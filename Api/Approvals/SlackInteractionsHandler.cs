using System.Text;
using AiNative.Api.Http;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Approvals.Slack;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;

namespace AiNative.Api.Approvals;

/// <summary>
/// <c>POST /api/slack/interactions</c>: Slack's interactive callbacks (form-encoded <c>payload=</c>). The raw body is
/// verified against Slack's signing secret before anything is parsed; a decision is then raised as the durable event.
/// </summary>
public sealed class SlackInteractionsHandler(SlackSignatureVerifier verifier, SlackInteractionService interactions)
{
    /// <summary>Slack payloads are a few kilobytes; anything far larger is refused unread.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<IResult> PostAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (request.ContentLength > MaxBodyBytes)
        {
            return ApiProblems.TooLarge(MaxBodyBytes);
        }

        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return ApiProblems.TooLarge(MaxBodyBytes);
        }

        var status = verifier.Verify(request.Headers[SlackSignatureVerifier.TimestampHeader], request.Headers[SlackSignatureVerifier.SignatureHeader], body);
        switch (status)
        {
            case SlackSignatureStatus.NotConfigured:
                return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Slack is not configured.", "Set 'Slack__SigningSecret' (and 'Slack__BotToken') to accept Slack interactions.");
            case SlackSignatureStatus.Missing:
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unsigned request.", $"The headers '{SlackSignatureVerifier.TimestampHeader}' and '{SlackSignatureVerifier.SignatureHeader}' are required.");
            case SlackSignatureStatus.Stale:
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Stale request.", "The request timestamp is outside the 5-minute window; replays are refused.");
            case SlackSignatureStatus.Forged:
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Invalid signature.", "The request signature does not match Slack's signing secret.");
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var result = await interactions.HandleAsync(form.TryGetValue("payload", out var payload) ? payload.ToString() : null, cancellationToken).ConfigureAwait(false);
        if (result.Decided is { } decided)
        {
            await client.RaiseEventAsync(decided.InstanceId, RequestApproval.DecisionEvent, decided.Decision, cancellationToken).ConfigureAwait(false);
        }

        return result.StatusCode < 300 ? Results.Ok() : ApiProblems.Problem(result.StatusCode, "Not decided.", result.Message);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
