using AiNative.Testing;
using netDumbster.smtp;

namespace AiNative.Standalone.Tests.Approvals;

/// <summary>
/// A Standalone host whose approvals go out by SMTP (to an in-process netDumbster sink) and Slack (to a loopback server
/// speaking Slack's Web API), with an approver group mapping e-mail addresses to Slack member ids.
/// </summary>
public sealed class NotificationsHostFixture : IAsyncLifetime
{
    public const string BotToken = "xoxb-test-bot-token";
    public const string SigningSecret = "test-slack-signing-secret-0123456789";

    private readonly AzuriteFixture azurite = new();

    public StandaloneHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SimpleSmtpServer Smtp { get; private set; } = null!;

    public FakeSlackServer Slack { get; } = new(BotToken);

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var smtpPort = AiNative.Platform.Storage.Local.AzuriteLauncher.FreePort();
        Smtp = SimpleSmtpServer.Start(smtpPort);
        var settings = StandaloneFixture.Settings(azurite.ConnectionString, DataDirectory, "n" + Guid.NewGuid().ToString("n")[..12]);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:From"] = "approvals@example.com",
            ["Slack:BotToken"] = BotToken,
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:ApiBaseUrl"] = Slack.ApiBaseUrl,
            ["Approvals:Groups:finance:Members:0:Email"] = "lead@example.com",
            ["Approvals:Groups:finance:Members:0:SlackUserId"] = "U0LEAD",
            ["Approvals:Groups:finance:Members:1:Email"] = "second@example.com",
            ["Approvals:Groups:finance:Members:1:SlackUserId"] = "U0SECOND",
            ["Approvals:DefaultGroup"] = "finance",
        })
        {
            settings[key] = value;
        }

        Host = await StandaloneHost.StartAsync([], settings);
        Http = new HttpClient { BaseAddress = new Uri(Host.Url) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Smtp?.Stop();
        Slack.Dispose();
        await azurite.DisposeAsync();
    }
}
