using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals.Slack;

/// <summary>What to do after a Slack button click: <paramref name="Decided"/> is raised to the orchestration when set.</summary>
public sealed record SlackInteractionResult(int StatusCode, string Message, ApprovalDecided? Decided = null);

/// <summary>
/// Turns a verified Slack <c>block_actions</c> payload into an approval decision: the clicking Slack member is mapped to
/// an approver by configuration, must be one of those asked, must not be the requester; the decision goes through the
/// same rules as a web link. The message is then updated through <c>response_url</c> (refusals answer only the clicker).
/// </summary>
public sealed class SlackInteractionService(
    ApproverDirectory directory,
    IApprovalStore store,
    ApprovalLinkService links,
    SlackApprovalNotifier slack,
    IOptions<SlackOptions> options)
{
    public async Task<SlackInteractionResult> HandleAsync(string? payloadJson, CancellationToken cancellationToken = default)
    {
        if (!TryParse(payloadJson, out var click, out var problem))
        {
            return new SlackInteractionResult(400, problem);
        }

        var responseUrl = SafeResponseUrl(click.ResponseUrl);
        var decision = SlackMessages.DecisionFor(click.ActionId);
        if (decision is null)
        {
            return new SlackInteractionResult(400, $"Unknown action '{click.ActionId}'.");
        }

        var approver = directory.FindBySlackUser(click.UserId);
        if (approver is null)
        {
            return await RefuseAsync(responseUrl, 403, $"Your Slack account ({click.UserId}) is not mapped to an approver. Ask an administrator to add your member id to an approver group.", cancellationToken).ConfigureAwait(false);
        }

        var record = await store.GetAsync(click.ApprovalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return await RefuseAsync(responseUrl, 404, "This approval request no longer exists.", cancellationToken).ConfigureAwait(false);
        }

        // Slack has no comment box on a button: the request for information says where it was asked (who asked is the
        // decision's DecidedBy, a pseudonym; a name here would reach history).
        var comment = decision == ApprovalDecisions.RequestInfo ? "Asked for more information in Slack." : null;
        var page = await links.DecideAsAsync(click.ApprovalId, record.ActionHash, approver.Id, decision, comment, mustBeListed: true, cancellationToken).ConfigureAwait(false);
        if (page.Decided is not { } decided)
        {
            return await RefuseAsync(responseUrl, page.StatusCode, $"{page.Title}. {page.Message}", cancellationToken).ConfigureAwait(false);
        }

        if (responseUrl is not null)
        {
            var message = decided.Decision.Decision == ApprovalDecisions.Approve && (record.Request.Quorum ?? 1) > 1
                ? SlackMessages.Ephemeral(page.Message)
                : SlackMessages.Decided(record, decided.Decision with { DecidedBy = approver.DisplayName }, page.Message);
            await slack.RespondAsync(responseUrl, message, cancellationToken).ConfigureAwait(false);
        }

        return new SlackInteractionResult(200, page.Message, decided);
    }

    private async Task<SlackInteractionResult> RefuseAsync(Uri? responseUrl, int status, string message, CancellationToken cancellationToken)
    {
        if (responseUrl is not null)
        {
            await slack.RespondAsync(responseUrl, SlackMessages.Ephemeral(message), cancellationToken).ConfigureAwait(false);
        }

        // Slack shows an error for non-2xx answers; the clicker already got the reason privately.
        return new SlackInteractionResult(responseUrl is null ? status : 200, message);
    }

    /// <summary>
    /// Only Slack's own hooks host (or the configured API host, for tests) may receive the reply: the URL comes from the
    /// request body, and posting wherever it points would make this endpoint a request forwarder.
    /// </summary>
    private Uri? SafeResponseUrl(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            return null;
        }

        if (url.Scheme == Uri.UriSchemeHttps && url.Host.Equals("hooks.slack.com", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        return Uri.TryCreate(options.Value.ApiBaseUrl, UriKind.Absolute, out var api)
            && url.Scheme == api.Scheme && url.Host.Equals(api.Host, StringComparison.OrdinalIgnoreCase) && url.Port == api.Port
            ? url
            : null;
    }

    private sealed record Click(string UserId, string ActionId, string ApprovalId, string? ResponseUrl);

    private static bool TryParse(string? payloadJson, out Click click, out string problem)
    {
        click = null!;
        problem = "";
        if (string.IsNullOrWhiteSpace(payloadJson))
        {
            problem = "The form field 'payload' is missing.";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "block_actions")
            {
                problem = "Only 'block_actions' interactions are handled.";
                return false;
            }

            var user = root.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object && u.TryGetProperty("id", out var id) ? id.GetString() : null;
            var action = root.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array && actions.GetArrayLength() > 0 ? actions[0] : default;
            var actionId = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("action_id", out var a) ? a.GetString() : null;
            var value = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("value", out var v) ? v.GetString() : null;
            var responseUrl = root.TryGetProperty("response_url", out var r) ? r.GetString() : null;
            if (string.IsNullOrWhiteSpace(user) || string.IsNullOrWhiteSpace(actionId) || string.IsNullOrWhiteSpace(value))
            {
                problem = "The payload needs user.id and actions[0].action_id and .value.";
                return false;
            }

            click = new Click(user, actionId, value, responseUrl);
            return true;
        }
        catch (JsonException e)
        {
            problem = $"The payload is not valid JSON: {e.Message}";
            return false;
        }
    }
}
