using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiNative.Platform.AgentPlane.Approvals.Slack;
using AiNative.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AiNative.Standalone.Tests.Approvals;

/// <summary>
/// Approvals over real channels on the real host: SMTP mail to a real sink whose personal link approves; Slack Block Kit
/// messages checked on a loopback Slack server; signed interactions decide, update the message, and refuse the
/// requester, stale and forged requests.
/// </summary>
public sealed partial class NotificationChannelsTests(NotificationsHostFixture host) : IClassFixture<NotificationsHostFixture>
{
    private const string SeedTicket = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250";

    [Fact]
    public async Task Smtp_mail_reaches_the_sink_with_a_personal_link_that_approves()
    {
        var id = await StartRunAsync(requestedBy: null);
        var approvalId = $"{id}-approval-1";

        var mail = await Eventually.GetAsync(() => Task.FromResult(Mails().FirstOrDefault(m =>
            m.To.Mailboxes.Single().Address == "lead@example.com" && m.Headers["X-AiNative-Approval-Id"] == approvalId)), "the SMTP e-mail to lead@example.com");
        Assert.Equal("approvals@example.com", mail.From.Mailboxes.Single().Address);
        Assert.StartsWith("Approval needed: Process refund of $250.00", mail.Subject, StringComparison.Ordinal);
        var link = new Uri(Link().Match(mail.TextBody ?? "").Value);
        using var page = await host.Http.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Deciding as <strong>lead@example.com</strong>", html, StringComparison.Ordinal);

        using var approve = await host.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["approver"] = "forged-name" }));
        var done = await WaitForRunAsync(id);

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal("resolved", done.GetProperty("output").GetProperty("outcome").GetString());
        Assert.Equal(Pseudonym(host, "lead@example.com"), done.GetProperty("output").GetProperty("decidedBy").GetString()); // who approved, by pseudonym
    }

    [Fact]
    public async Task Slack_buttons_decide_update_the_message_and_refuse_the_requester()
    {
        var id = await StartRunAsync(requestedBy: "lead@example.com");
        var approvalId = $"{id}-approval-1";

        var message = await Eventually.GetAsync(() => Task.FromResult(host.Slack.Posted("/api/chat.postMessage").FirstOrDefault(b => Blocks(b).Contains(approvalId, StringComparison.Ordinal))), "the Slack message");
        Assert.Equal("U0SECOND", message["channel"]!.GetValue<string>());
        Assert.Equal("Bearer " + NotificationsHostFixture.BotToken, host.Slack.Received.First(r => r.Body == message).Authorization);
        var actions = message["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal([SlackMessages.ApproveAction, SlackMessages.RejectAction, SlackMessages.RequestInfoAction], actions.Select(a => a!["action_id"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal(approvalId, a!["value"]!.GetValue<string>()));
        Assert.Contains("Process refund of $250.00", Blocks(message), StringComparison.Ordinal);
        Assert.Contains("INC-789", Blocks(message), StringComparison.Ordinal);
        // The requester is not notified.
        Assert.DoesNotContain(host.Slack.Posted("/api/chat.postMessage"), b => b["channel"]!.GetValue<string>() == "U0LEAD" && Blocks(b).Contains(approvalId, StringComparison.Ordinal));

        using var self = await PostInteractionAsync("U0LEAD", SlackMessages.ApproveAction, approvalId, "/response/self-" + id);
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        var refusal = await Eventually.GetAsync(() => Task.FromResult(host.Slack.Posted("/response/self-" + id).FirstOrDefault()), "the refusal");
        Assert.Equal("ephemeral", refusal["response_type"]!.GetValue<string>());
        Assert.Contains("cannot approve your own request", refusal["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        using var approve = await PostInteractionAsync("U0SECOND", SlackMessages.ApproveAction, approvalId, "/response/ok-" + id);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var update = await Eventually.GetAsync(() => Task.FromResult(host.Slack.Posted("/response/ok-" + id).FirstOrDefault()), "the message update");
        Assert.True(update["replace_original"]!.GetValue<bool>());
        Assert.Contains("Approved", update["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"actions\"", update.ToJsonString(), StringComparison.Ordinal);

        var done = await WaitForRunAsync(id);
        Assert.Equal("resolved", done.GetProperty("output").GetProperty("outcome").GetString());
        Assert.Equal(Pseudonym(host, "second@example.com"), done.GetProperty("output").GetProperty("decidedBy").GetString());
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("stale")]
    [InlineData("future")]
    [InlineData("missing")]
    [InlineData("tampered")]
    public async Task Slack_interactions_without_a_valid_fresh_signature_are_401(string kind)
    {
        var body = "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U0SECOND"},"actions":[{"action_id":"approval_approve","value":"apr-x"}]}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var timestamp = (kind switch { "stale" => now - 360, "future" => now + 360, _ => now }).ToString(CultureInfo.InvariantCulture);
        var secret = kind == "forged" ? "someone-elses-signing-secret-000000" : NotificationsHostFixture.SigningSecret;
        var signature = SlackSignatureVerifier.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/interactions")
        {
            Content = new StringContent(kind == "tampered" ? body.Replace("U0SECOND", "U0LEAD", StringComparison.Ordinal) : body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (kind != "missing")
        {
            request.Headers.Add(SlackSignatureVerifier.TimestampHeader, timestamp);
            request.Headers.Add(SlackSignatureVerifier.SignatureHeader, signature);
        }

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Pseudonym(NotificationsHostFixture host, string principal) =>
        host.Host.App.Services.GetRequiredService<AiNative.Platform.AgentPlane.PrincipalPseudonyms>().Of(principal);

    private async Task<HttpResponseMessage> PostInteractionAsync(string user, string action, string approvalId, string responsePath)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant() },
            ["response_url"] = host.Slack.BaseUrl + responsePath,
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = action, ["value"] = approvalId, ["block_id"] = "approval_decision" }),
        };
        var body = "payload=" + Uri.EscapeDataString(payload.ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/interactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add(SlackSignatureVerifier.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignatureVerifier.SignatureHeader, SlackSignatureVerifier.Sign(NotificationsHostFixture.SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return await host.Http.SendAsync(request);
    }

    private async Task<string> StartRunAsync(string? requestedBy)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agents/billing-resolution/runs") { Content = JsonContent.Create(new { input = SeedTicket }) };
        if (requestedBy is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", requestedBy);
        }

        using var start = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> WaitForRunAsync(string id) =>
        await Eventually.GetAsync<object>(async () =>
        {
            using var response = await host.Http.GetAsync($"/api/runs/{id}");
            var run = await response.Content.ReadFromJsonAsync<JsonElement>();
            return run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" ? run : null;
        }, $"run {id} to complete", TimeSpan.FromSeconds(120)) is JsonElement e ? e : default;

    private List<MimeMessage> Mails() =>
        [.. host.Smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))];

    private static string Blocks(JsonObject message) => message["blocks"]?.ToJsonString() ?? "";

    [GeneratedRegex(@"https?://[^\s""'<>]+/api/approvals/[A-Za-z0-9_\-\.]+")]
    private static partial Regex Link();
}
