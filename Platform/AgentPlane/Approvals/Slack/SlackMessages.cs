using System.Text.Json.Nodes;

namespace AiNative.Platform.AgentPlane.Approvals.Slack;

/// <summary>Block Kit messages for approvals: the request with buttons, the decided state, and a private refusal.</summary>
public static class SlackMessages
{
    /// <summary>Button <c>action_id</c>s of the interactive message; the button <c>value</c> is the approval id.</summary>
    public const string ApproveAction = "approval_approve";
    public const string RejectAction = "approval_reject";
    public const string RequestInfoAction = "approval_request_info";

    /// <summary>The decision a button stands for, or null for an unknown action.</summary>
    public static string? DecisionFor(string? actionId) => actionId switch
    {
        ApproveAction => ApprovalDecisions.Approve,
        RejectAction => ApprovalDecisions.Reject,
        RequestInfoAction => ApprovalDecisions.RequestInfo,
        _ => null,
    };

    /// <summary>The request with Approve / Reject / Request more info buttons (app mode).</summary>
    public static JsonObject Interactive(ApprovalNotice notice, string channel, IEnumerable<string> mentions)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var id = notice.Request.ApprovalId;
        var blocks = RequestBlocks(notice, mentions);
        blocks.Add(new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = "approval_decision",
            ["elements"] = new JsonArray(
                Button("Approve", ApproveAction, id, "primary"),
                Button("Reject", RejectAction, id, "danger"),
                Button("Request more info", RequestInfoAction, id, null)),
        });
        return new JsonObject { ["channel"] = channel, ["text"] = Fallback(notice), ["blocks"] = blocks };
    }

    /// <summary>The request with one link button per approver to their own signed web link (incoming-webhook mode).</summary>
    public static JsonObject WithLinks(ApprovalNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var blocks = RequestBlocks(notice, []);
        var buttons = new JsonArray();
        foreach (var recipient in notice.Recipients.Take(25))
        {
            buttons.Add(new JsonObject
            {
                ["type"] = "button",
                ["text"] = Plain(Cut("Review and decide: " + (recipient.Approver.Name ?? recipient.Approver.Id), 75)),
                ["url"] = recipient.Link.AbsoluteUri,
                ["action_id"] = "approval_link_" + buttons.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = "approval_links", ["elements"] = buttons });
        blocks.Add(Context("Each link is personal and works once: open only your own."));
        return new JsonObject { ["text"] = Fallback(notice), ["blocks"] = blocks };
    }

    /// <summary>Replaces the original message once decided (via <c>response_url</c>): no buttons left to press.</summary>
    public static JsonObject Decided(ApprovalRecord record, ApprovalDecision decision, string outcomeText)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(decision);
        var verb = decision.Decision switch
        {
            ApprovalDecisions.Approve => ":white_check_mark: Approved",
            ApprovalDecisions.Reject => ":x: Rejected",
            ApprovalDecisions.RequestInfo => ":question: More information requested",
            _ => decision.Decision,
        };
        var blocks = new JsonArray(
            Section($"*{Escape(record.Request.Action.Summary)}*"),
            Section($"{verb} by {Escape(decision.DecidedBy)} at {ApprovalText.Time(decision.DecidedAt)}" +
                (string.IsNullOrWhiteSpace(decision.Comment) ? "" : $"\n>{Escape(decision.Comment)}")),
            Context(Escape(outcomeText)));
        return new JsonObject
        {
            ["replace_original"] = true,
            ["text"] = $"{verb}: {ApprovalText.SingleLine(record.Request.Action.Summary)}",
            ["blocks"] = blocks,
        };
    }

    /// <summary>A message only the clicking user sees; the original stays as it was.</summary>
    public static JsonObject Ephemeral(string text) =>
        new() { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = text };

    private static JsonArray RequestBlocks(ApprovalNotice notice, IEnumerable<string> mentions)
    {
        var request = notice.Request;
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = Plain(Cut(ApprovalNoticeKinds.Title(notice.Kind), 150)) },
            Section($"*{Escape(request.Action.Summary)}*"),
        };
        var fields = new JsonArray();
        foreach (var (label, value) in ApprovalText.Fields(request).Where(f => f.Label is not ("Action" or "Context" or "Evidence" or "Reason")).Take(10))
        {
            fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut($"*{label}*\n{Escape(value)}", 2000) });
        }

        blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        foreach (var (label, value) in new[] { ("Reason", request.Reason), ("Context", request.Context), ("Evidence", request.Evidence) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                blocks.Add(Section($"*{label}*\n{Escape(value)}"));
            }
        }

        var who = string.Join(" ", mentions.Select(m => $"<@{m}>"));
        blocks.Add(Context((who.Length > 0 ? who + " · " : "") + $"Without a decision by {ApprovalText.Time(request.ExpiresAt)} the action is denied."));
        return blocks;
    }

    private static string Fallback(ApprovalNotice notice) => $"{ApprovalNoticeKinds.Title(notice.Kind)}: {ApprovalText.SingleLine(notice.Request.Action.Summary)}";

    private static JsonObject Button(string text, string actionId, string value, string? style)
    {
        var button = new JsonObject { ["type"] = "button", ["text"] = Plain(text), ["action_id"] = actionId, ["value"] = value };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }

    private static JsonObject Section(string markdown) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(markdown, 3000) } };

    private static JsonObject Context(string markdown) =>
        new() { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(markdown, 3000) }) };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    /// <summary>Slack's mrkdwn escaping: only &amp;, &lt; and &gt; are special (they would form links and mentions).</summary>
    internal static string Escape(string? text) =>
        (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
