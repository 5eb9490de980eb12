using System.Collections.Concurrent;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>
/// E-mails approvers through an SMTP server with MailKit (host, port, TLS mode and credentials from <c>Mail__Smtp__*</c>).
/// One connection per notice; a message already accepted by the server in this process is not sent again when the
/// activity retries after a later recipient failed.
/// </summary>
public sealed partial class SmtpEmailNotifier : IApprovalNotifier
{
    private readonly SmtpOptions smtp;
    private readonly MailboxAddress from;
    private readonly TimeProvider time;
    private readonly ILogger<SmtpEmailNotifier> logger;
    private readonly ConcurrentDictionary<string, byte> sent = new(StringComparer.Ordinal);

    public SmtpEmailNotifier(IOptions<MailOptions> mail, IOptions<SmtpOptions> smtp, TimeProvider time, ILogger<SmtpEmailNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(smtp);
        this.smtp = smtp.Value;
        from = MailAddresses.TryParse(mail.Value.From, out var sender)
            ? sender
            : throw new OptionsValidationException(MailOptions.Section, typeof(MailOptions), [$"The setting 'Mail__From' must be an e-mail address (got '{mail.Value.From}')."]);
        this.time = time;
        this.logger = logger;
    }

    public async Task NotifyAsync(ApprovalNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var recipients = ApprovalEmail.Recipients(notice, logger);
        var pending = recipients.Select(r => (r.To, r.Link, Id: $"{PickupDirectoryEmailNotifier.FileId(notice.Request.ApprovalId)}.{notice.Kind}.{r.Number.ToString(CultureInfo.InvariantCulture)}@ainative.local"))
            .Where(r => !sent.ContainsKey(r.Id)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, Options(smtp.Security), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (to, link, id) in pending)
        {
            using var message = ApprovalEmail.Compose(notice, link, from, to, time.GetUtcNow(), id);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            sent.TryAdd(id, 0);
        }

        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        Log.Sent(logger, notice.Request.ApprovalId, pending.Count, smtp.Host, smtp.Port);
    }

    private static SecureSocketOptions Options(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Approval {ApprovalId}: sent {Count} e-mail(s) through {Host}:{Port}")]
        public static partial void Sent(ILogger logger, string approvalId, int count, string host, int port);
    }
}
