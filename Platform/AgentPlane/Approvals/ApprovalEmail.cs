using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>The approval e-mail (text and HTML, one personal link) shared by the pickup-folder and SMTP channels.</summary>
internal static class ApprovalEmail
{
    /// <summary>
    /// The recipients with a valid e-mail address, numbered by their position (stable across retries). Approvers known
    /// only by Slack id are left to Slack; an approver with an invalid address is skipped; no usable address at all is an error.
    /// </summary>
    public static IReadOnlyList<(int Number, MailboxAddress To, Uri Link)> Recipients(ApprovalNotice notice, ILogger? logger = null)
    {
        var request = notice.Request;
        var withEmail = notice.Recipients.Where(r => !string.IsNullOrWhiteSpace(r.Approver.Email))
            .DistinctBy(r => r.Approver.Email!.Trim(), StringComparer.OrdinalIgnoreCase).ToList();
        if (notice.Recipients.Count == 0)
        {
            throw new InvalidOperationException($"Approval '{request.ApprovalId}' has no approvers to notify.");
        }

        var valid = new List<(int, MailboxAddress, Uri)>();
        for (var i = 0; i < withEmail.Count; i++)
        {
            if (MailAddresses.TryParse(withEmail[i].Approver.Email, out var to))
            {
                valid.Add((i + 1, to, withEmail[i].Link));
            }
            else if (logger is not null)
            {
                InvalidApprover(logger, request.ApprovalId, i + 1, null);
            }
        }

        if (withEmail.Count > 0 && valid.Count == 0)
        {
            throw new InvalidOperationException($"Approval '{request.ApprovalId}' has no approver with a valid e-mail address ({withEmail.Count} invalid).");
        }

        return valid;
    }

    private static readonly Action<ILogger, string, int, Exception?> InvalidApprover = LoggerMessage.Define<string, int>(
        LogLevel.Warning, new EventId(4302, "InvalidApprover"), "Approval {ApprovalId}: approver #{Index} is not a valid e-mail address; skipped");

    public static MimeMessage Compose(ApprovalNotice notice, Uri link, MailboxAddress from, MailboxAddress to, DateTimeOffset now, string messageId)
    {
        var request = notice.Request;
        var message = new MimeMessage
        {
            Subject = ApprovalNoticeKinds.Title(notice.Kind) + ": " + ApprovalText.SingleLine(request.Action.Summary),
            Date = now,
            MessageId = messageId,
        };
        message.From.Add(from);
        message.To.Add(to);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-AiNative-Approval-Id", request.ApprovalId);

        var intro = notice.Kind switch
        {
            ApprovalNoticeKinds.Reminder => "Reminder: an AI agent is still waiting for your approval before it acts.",
            ApprovalNoticeKinds.Escalation => "Escalated to you: the first approvers did not answer in time. An AI agent is asking for your approval before it acts.",
            _ => "An AI agent is asking for your approval before it acts.",
        };
        var fields = ApprovalText.Fields(request);
        var text = new StringBuilder(intro).Append("\n\n");
        foreach (var (label, value) in fields)
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        text.Append("\nReview and decide (approve, reject, or ask for more information):\n")
            .Append(link.AbsoluteUri).Append("\n\n")
            .Append("The link is yours alone, works once and expires at ").Append(ApprovalText.Time(request.ExpiresAt))
            .Append(". Without a decision by then, the action is denied. Do not forward this e-mail: the link is the authorization.\n");

        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:system-ui,sans-serif;color:#1d2330\">")
            .Append("<p>").Append(WebUtility.HtmlEncode(intro)).Append("</p><table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach (var (label, value) in fields)
        {
            html.Append("<tr><th align=\"left\" valign=\"top\">").Append(WebUtility.HtmlEncode(label)).Append("</th><td style=\"white-space:pre-wrap\">")
                .Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        html.Append("</table><p><a href=\"").Append(WebUtility.HtmlEncode(link.AbsoluteUri))
            .Append("\" style=\"display:inline-block;padding:10px 18px;background:#1f4fa3;color:#fff;text-decoration:none;border-radius:5px\">Review and decide</a></p>")
            .Append("<p style=\"color:#5b6577;font-size:90%\">The link is yours alone, works once and expires at ").Append(WebUtility.HtmlEncode(ApprovalText.Time(request.ExpiresAt)))
            .Append(". Without a decision by then, the action is denied. Do not forward this e-mail: the link is the authorization.</p></body></html>");

        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }
}
