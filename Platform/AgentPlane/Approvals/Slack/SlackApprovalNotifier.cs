using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals.Slack;

/// <summary>
/// Posts approval requests to Slack: in app mode with chat.postMessage (to <c>Slack__Channel</c>, else a direct message
/// to each approver's Slack member id) with interactive buttons; in webhook mode to the incoming webhook with link buttons.
/// A message already accepted in this process is not posted again when the activity retries.
/// </summary>
public sealed partial class SlackApprovalNotifier(IHttpClientFactory http, IOptions<SlackOptions> options, ILogger<SlackApprovalNotifier> logger) : IApprovalNotifier
{
    public const string HttpClientName = "slack";

    private readonly ConcurrentDictionary<string, byte> posted = new(StringComparer.Ordinal);

    public async Task NotifyAsync(ApprovalNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var o = options.Value;
        var key = $"{notice.Request.ApprovalId}|{notice.Kind}";
        if (o.WebhookMode)
        {
            await PostOnceAsync(key + "|webhook", () => PostWebhookAsync(new Uri(o.WebhookUrl), SlackMessages.WithLinks(notice), cancellationToken)).ConfigureAwait(false);
            return;
        }

        if (!o.AppMode)
        {
            return;
        }

        var slackUsers = notice.Recipients.Select(r => r.Approver.SlackUserId).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!).Distinct(StringComparer.Ordinal).ToList();
        if (!string.IsNullOrWhiteSpace(o.Channel))
        {
            await PostOnceAsync(key + "|" + o.Channel, () => PostMessageAsync(SlackMessages.Interactive(notice, o.Channel.Trim(), slackUsers), cancellationToken)).ConfigureAwait(false);
            return;
        }

        foreach (var user in slackUsers)
        {
            await PostOnceAsync(key + "|" + user, () => PostMessageAsync(SlackMessages.Interactive(notice, user, []), cancellationToken)).ConfigureAwait(false);
        }

        Log.Posted(logger, notice.Request.ApprovalId, slackUsers.Count);
    }

    /// <summary>Posts to a <c>response_url</c> Slack gave with an interaction (updates or answers the message).</summary>
    public async Task RespondAsync(Uri responseUrl, JsonObject message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(responseUrl, message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            Log.ResponseFailed(logger, (int)response.StatusCode);
        }
    }

    private async Task PostOnceAsync(string key, Func<Task> post)
    {
        if (posted.ContainsKey(key))
        {
            return;
        }

        await post().ConfigureAwait(false);
        posted.TryAdd(key, 0);
    }

    private async Task PostMessageAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(o.ApiBaseUrl.TrimEnd('/') + "/"), "chat.postMessage"))
        {
            Content = JsonContent.Create(message),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.BotToken);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        // Slack answers 200 with {"ok": false, "error": "..."} for API errors.
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        if (body?["ok"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"Slack chat.postMessage failed: {body?["error"]?.ToString() ?? "no 'ok' in the response"}.");
        }
    }

    private async Task PostWebhookAsync(Uri webhook, JsonObject message, CancellationToken cancellationToken)
    {
        using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(webhook, message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The webhook URL is a secret: the error names the status only.
            throw new InvalidOperationException($"The Slack incoming webhook refused the message: HTTP {(int)response.StatusCode}.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4311, Level = LogLevel.Information, Message = "Approval {ApprovalId}: posted to Slack for {Users} member(s)")]
        public static partial void Posted(ILogger logger, string approvalId, int users);

        [LoggerMessage(EventId = 4312, Level = LogLevel.Warning, Message = "Slack response_url answered HTTP {Status}")]
        public static partial void ResponseFailed(ILogger logger, int status);
    }
}
