using System.Globalization;
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

    public async Task NotifyAsync(ApprovalNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var request = notice.Request;
        var recipients = ApprovalEmail.Recipients(notice, logger);
        Directory.CreateDirectory(PickupDirectory);
        var fileId = FileId(request.ApprovalId) + (notice.Kind == ApprovalNoticeKinds.Request ? "" : "-" + notice.Kind);
        int written = 0, skipped = 0;
        foreach (var (n, to, link) in recipients)
        {
            var suffix = $"-{fileId}-{n.ToString(CultureInfo.InvariantCulture)}.eml";
            if (AlreadyWritten(suffix))
            {
                skipped++;
                continue;
            }

            var message = ApprovalEmail.Compose(notice, link, from, to, time.GetUtcNow(), $"{fileId}.{n.ToString(CultureInfo.InvariantCulture)}@ainative.local");
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

        Log.Notified(logger, request.ApprovalId, written, skipped, PickupDirectory);
    }

    private bool AlreadyWritten(string suffix) =>
        Directory.EnumerateFiles(PickupDirectory, "*" + suffix)
            .Select(Path.GetFileName)
            .Any(name => name is not null && name.Length == TimestampLength + suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal));

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
    }
}
