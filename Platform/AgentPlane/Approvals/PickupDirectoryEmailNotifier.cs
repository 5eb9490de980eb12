using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// E-mails approvers by writing one RFC 5322 <c>.eml</c> per approver into a pickup folder
/// (<c>{UTC timestamp}-{approvalId}-{n}.eml</c>), which an SMTP relay, a mail client or a person can pick up.
/// Writes each (approval, approver) message once, however often it is called.
/// </summary>
public sealed partial class PickupDirectoryEmailNotifier : IApprovalNotifier
{
    private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";
    private static readonly int TimestampLength = "20260101T000000000Z".Length;

    private readonly MailboxAddress from;
    private readonly TimeProvider time;
    private readonly ILogger<PickupDirectoryEmailNotifier> logger;

    public PickupDirectoryEmailNotifier(IOptions<MailOptions> mail, IOptions<PlatformOptions> platform, TimeProvider time, ILogger<PickupDirectoryEmailNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(platform);
        PickupDirectory = mail.Value.ResolvePickupDirectory(platform.Value);
        from = MailAddresses.TryParse(mail.Value.From, out var sender)
            ? sender
            : throw new OptionsValidationException(MailOptions.Section, typeof(MailOptions), [$"The setting 'Mail__From' must be an e-mail address (got '{mail.Value.From}')."]);
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The absolute folder the messages go to (hosts print it at start).</summary>
    public string PickupDirectory { get; }

    public async Task NotifyAsync(ApprovalRequest request, Uri approvalLink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(approvalLink);
        var approvers = (request.Approvers ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (approvers.Count == 0)
        {
            throw new InvalidOperationException($"Approval '{request.ApprovalId}' has no approvers to notify.");
        }

        Directory.CreateDirectory(PickupDirectory);
        var fileId = FileId(request.ApprovalId);
        int written = 0, skipped = 0, invalid = 0;
        for (var i = 0; i < approvers.Count; i++)
        {
            var n = i + 1;
            if (!MailAddresses.TryParse(approvers[i], out var to))
            {
                invalid++;
                Log.InvalidApprover(logger, request.ApprovalId, n);
                continue;
            }

            var suffix = $"-{fileId}-{n.ToString(CultureInfo.InvariantCulture)}.eml";
            if (AlreadyWritten(suffix))
            {
                skipped++;
                continue;
            }

            var message = Compose(request, approvalLink, to, $"{fileId}.{n.ToString(CultureInfo.InvariantCulture)}@ainative.local");
            var now = time.GetUtcNow();
            var path = Path.Combine(PickupDirectory, now.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + suffix);
            // Written under a temporary name first: a pickup reader never sees a half-written message.
            var temporary = Path.Combine(PickupDirectory, $".{fileId}-{n.ToString(CultureInfo.InvariantCulture)}.{Path.GetRandomFileName()}.tmp");
            try
            {
                await message.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, path, overwrite: false);
                written++;
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        if (written + skipped == 0)
        {
            throw new InvalidOperationException($"Approval '{request.ApprovalId}' has no approver with a valid e-mail address ({invalid} invalid).");
        }

        Log.Notified(logger, request.ApprovalId, written, skipped, PickupDirectory);
    }

    private bool AlreadyWritten(string suffix) =>
        Directory.EnumerateFiles(PickupDirectory, "*" + suffix)
            .Select(Path.GetFileName)
            .Any(name => name is not null && name.Length == TimestampLength + suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal));

    private MimeMessage Compose(ApprovalRequest request, Uri link, MailboxAddress to, string messageId)
    {
        var message = new MimeMessage
        {
            Subject = "Approval needed: " + ApprovalText.SingleLine(request.Action.Summary),
            Date = time.GetUtcNow(),
            MessageId = messageId,
        };
        message.From.Add(from);
        message.To.Add(to);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-AiNative-Approval-Id", request.ApprovalId);

        var fields = ApprovalText.Fields(request);
        var text = new StringBuilder("An AI agent is asking for your approval before it acts.\n\n");
        foreach (var (label, value) in fields)
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        text.Append("\nReview and decide (approve, reject, or ask for more information):\n")
            .Append(link.AbsoluteUri).Append("\n\n")
            .Append("The link works once and expires at ").Append(ApprovalText.Time(request.ExpiresAt))
            .Append(". Without a decision by then, the action is denied. Do not forward this e-mail: the link is the authorization.\n");

        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:system-ui,sans-serif;color:#1d2330\">")
            .Append("<p>An AI agent is asking for your approval before it acts.</p><table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach (var (label, value) in fields)
        {
            html.Append("<tr><th align=\"left\" valign=\"top\">").Append(WebUtility.HtmlEncode(label)).Append("</th><td style=\"white-space:pre-wrap\">")
                .Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        html.Append("</table><p><a href=\"").Append(WebUtility.HtmlEncode(link.AbsoluteUri))
            .Append("\" style=\"display:inline-block;padding:10px 18px;background:#1f4fa3;color:#fff;text-decoration:none;border-radius:5px\">Review and decide</a></p>")
            .Append("<p style=\"color:#5b6577;font-size:90%\">The link works once and expires at ").Append(WebUtility.HtmlEncode(ApprovalText.Time(request.ExpiresAt)))
            .Append(". Without a decision by then, the action is denied. Do not forward this e-mail: the link is the authorization.</p></body></html>");

        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    /// <summary>The approval id as a file-name part; ids that had to be changed get a hash so two ids never share a name.</summary>
    internal static string FileId(string approvalId)
    {
        var safe = new string([.. approvalId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_')]);
        if (safe.Length > 80 || !string.Equals(safe, approvalId, StringComparison.Ordinal))
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(approvalId)))[..12].ToLowerInvariant();
            safe = (safe.Length > 80 ? safe[..80] : safe) + "_" + hash;
        }

        return safe;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Approval {ApprovalId}: wrote {Written} e-mail(s), {Skipped} already written, to {Directory}")]
        public static partial void Notified(ILogger logger, string approvalId, int written, int skipped, string directory);

        [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Approval {ApprovalId}: approver #{Index} is not a valid e-mail address; skipped")]
        public static partial void InvalidApprover(ILogger logger, string approvalId, int index);
    }
}
