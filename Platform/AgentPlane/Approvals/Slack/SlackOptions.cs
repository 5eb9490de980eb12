using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Approvals.Slack;

/// <summary>
/// Slack approvals (configuration section <c>Slack</c>). App mode (<see cref="BotToken"/>): Block Kit messages with
/// Approve / Reject / Request more info buttons, answered at <c>POST /api/slack/interactions</c>. Webhook mode
/// (<see cref="WebhookUrl"/>): link buttons to each approver's signed web link, for workspaces without an app.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The bot token (<c>xoxb-…</c>, secret: <c>Slack__BotToken</c>) for chat.postMessage.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>The app's signing secret (secret: <c>Slack__SigningSecret</c>) that verifies interactive callbacks.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>The Web API base; tests point it at a loopback server.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>A channel id to post each request to; empty: a direct message to each approver with a Slack member id.</summary>
    public string Channel { get; set; } = "";

    /// <summary>An incoming-webhook URL (secret: <c>Slack__WebhookUrl</c>); used when no bot token is set.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>How old a callback's timestamp may be (Slack recommends five minutes) before it is refused as a replay.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    public bool AppMode => !string.IsNullOrWhiteSpace(BotToken);

    public bool WebhookMode => !AppMode && !string.IsNullOrWhiteSpace(WebhookUrl);
}

/// <summary>Fails start-up with the setting's name when Slack is half-configured.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.AppMode && string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            errors.Add("The setting 'Slack__SigningSecret' is missing: 'Slack__BotToken' is set, and Slack's button clicks cannot be verified without the app's signing secret.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http"))
        {
            errors.Add($"The setting 'Slack__ApiBaseUrl' must be an absolute http(s) URL (got '{options.ApiBaseUrl}').");
        }

        if (!string.IsNullOrWhiteSpace(options.WebhookUrl) && !Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out _))
        {
            errors.Add("The setting 'Slack__WebhookUrl' must be an absolute URL.");
        }

        if (options.ReplayWindow <= TimeSpan.Zero || options.ReplayWindow > TimeSpan.FromMinutes(15))
        {
            errors.Add($"The setting 'Slack__ReplayWindow' must be between 00:00:01 and 00:15:00 (got {options.ReplayWindow}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
