using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace AiNative.Platform.Tests.AgentPlane;

public sealed class PickupDirectoryEmailNotifierTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-mail-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(ApprovalSamples.Now);
    private static readonly Uri Link = new("http://127.0.0.1:7071/api/approvals/eyJhaWQiOiJ4In0.c2lnbmF0dXJl");

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private PickupDirectoryEmailNotifier Notifier() => new(
        Options.Create(new MailOptions { PickupDirectory = directory, From = "ainative@localhost" }),
        Options.Create(new PlatformOptions()),
        time,
        NullLogger<PickupDirectoryEmailNotifier>.Instance);

    [Fact]
    public async Task Writes_one_parseable_message_per_approver_with_the_link()
    {
        var request = ApprovalSamples.Refund("apr-mail-1");

        await Notifier().NotifyAsync(request, Link);

        var files = Directory.GetFiles(directory, "*.eml").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal("20260716T090000000Z-apr-mail-1-1.eml", Path.GetFileName(files[0]));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        var messages = new List<MimeMessage>();
        foreach (var file in files)
        {
            messages.Add(await MimeMessage.LoadAsync(file));
        }

        Assert.Equal(["approver.one@example.com", "approver.two@example.com"], messages.Select(m => m.To.Mailboxes.Single().Address));
        Assert.All(messages, m =>
        {
            Assert.Equal("Approval needed: Process refund of $250", m.Subject);
            Assert.Equal("ainative@localhost", m.From.Mailboxes.Single().Address);
            Assert.Contains(Link.AbsoluteUri, m.TextBody, StringComparison.Ordinal);
            Assert.Contains($"href=\"{Link.AbsoluteUri}\"", m.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("ACME Corp (customer_id: C12345)", m.TextBody, StringComparison.Ordinal);
            Assert.Contains("Incident #INC-789 confirms the outage", m.HtmlBody, StringComparison.Ordinal);
            Assert.Equal("apr-mail-1", m.Headers["X-AiNative-Approval-Id"]);
        });
    }

    [Fact]
    public async Task Notifying_twice_writes_each_message_once()
    {
        var notifier = Notifier();
        var request = ApprovalSamples.Refund("apr-mail-2");

        await notifier.NotifyAsync(request, Link);
        time.Advance(TimeSpan.FromMinutes(3));
        await notifier.NotifyAsync(request, Link);
        await notifier.NotifyAsync(ApprovalSamples.Refund("apr-mail-3", approvers: ["solo@example.com"]), Link);

        Assert.Equal(2, Directory.GetFiles(directory, "*-apr-mail-2-*.eml").Length);
        Assert.Single(Directory.GetFiles(directory, "*-apr-mail-3-*.eml"));
    }

    [Fact]
    public async Task Approval_ids_that_sanitise_alike_get_separate_files()
    {
        var notifier = Notifier();

        await notifier.NotifyAsync(ApprovalSamples.Refund("apr:x", approvers: ["solo@example.com"]), Link);
        await notifier.NotifyAsync(ApprovalSamples.Refund("apr_x", approvers: ["solo@example.com"]), Link);

        Assert.Equal(2, Directory.GetFiles(directory, "*.eml").Length);
    }

    [Fact]
    public async Task Invalid_approvers_are_skipped_and_none_valid_is_an_error()
    {
        var notifier = Notifier();

        await notifier.NotifyAsync(ApprovalSamples.Refund("apr-mail-4", approvers: ["not an address", "ok@example.com"]), Link);

        Assert.Single(Directory.GetFiles(directory, "*-apr-mail-4-2.eml"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => notifier.NotifyAsync(ApprovalSamples.Refund("apr-mail-5", approvers: ["nope"]), Link));
        await Assert.ThrowsAsync<InvalidOperationException>(() => notifier.NotifyAsync(ApprovalSamples.Refund("apr-mail-6", approvers: []), Link));
    }

    [Fact]
    public void Pickup_directory_defaults_to_the_data_directory()
    {
        var dataDirectory = Path.Combine(directory, "data");
        var notifier = new PickupDirectoryEmailNotifier(
            Options.Create(new MailOptions()),
            Options.Create(new PlatformOptions { DataDirectory = dataDirectory }),
            time,
            NullLogger<PickupDirectoryEmailNotifier>.Instance);

        Assert.Equal(Path.Combine(dataDirectory, "mail"), notifier.PickupDirectory);
    }
}
