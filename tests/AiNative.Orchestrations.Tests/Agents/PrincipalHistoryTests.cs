using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiNative.Api.Runs;
using AiNative.Orchestrations.Agents;
using AiNative.Orchestrations.Approvals;
using AiNative.Orchestrations.Tests.Hosting;
using AiNative.Platform.AgentPlane;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AiNative.Orchestrations.Tests.Agents;

/// <summary>
/// The durable host with an approver group that holds the requester too, and a recorder of the history the engine
/// replays: runs are started through the API's own handler, as the hosts do.
/// </summary>
public sealed class PrincipalHistoryHostFixture : DurableHostFixture
{
    public const string Requester = "jane.requester@contoso.com";
    public const string Approver = "fin.lead@contoso.com";
    public const string ApproverName = "Fiona Leadbetter";

    internal HistoryRecorder History { get; } = new(keepText: true);

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["Approvals:Groups:finance:Members:0:Email"] = Approver,
        ["Approvals:Groups:finance:Members:0:Name"] = ApproverName,
        ["Approvals:Groups:finance:Members:1:Email"] = Requester,
        ["Approvals:DefaultGroup"] = "finance",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureAll<GrpcDurableTaskWorkerOptions>(o => o.Interceptors.Add(History));
}

/// <summary>
/// Who asked and who approved (e-mail addresses, a name, a comment with contact data) never reach orchestration history,
/// custom status or output: they are pseudonyms there, and still decide who may approve and who is audited.
/// </summary>
public sealed class PrincipalHistoryTests(PrincipalHistoryHostFixture host) : IClassFixture<PrincipalHistoryHostFixture>
{
    private const string SeedTicket = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250";
    private const string CommentPhone = "(415) 555-0132";

    [Fact]
    public async Task Requester_approver_and_comment_enter_history_as_pseudonyms_only()
    {
        await host.Services.GetRequiredService<IBillingSystem>().SeedAsync();
        var pseudonyms = host.Services.GetRequiredService<PrincipalPseudonyms>();

        var id = await StartThroughTheApiAsync(PrincipalHistoryHostFixture.Requester);
        var approvalId = $"{id}-approval-1";
        await Eventually.GetAsync(async () => await Store.GetAsync(approvalId) is { Status: ApprovalStatuses.Pending } r ? r : null, "the approval request");
        var mail = await Eventually.GetAsync(() => Task.FromResult(Mails(approvalId).FirstOrDefault()), "the approval e-mail");
        var token = Regex.Match(mail.TextBody ?? mail.HtmlBody ?? "", @"/api/approvals/([A-Za-z0-9_\-\.]+)").Groups[1].Value;
        // The token is the link's URL path, which request logs and HTTP spans keep: it names the approver by pseudonym.
        var linkPayload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0]));
        Assert.DoesNotContain("@", linkPayload, StringComparison.Ordinal);
        Assert.Contains(Hash(pseudonyms.Of(PrincipalHistoryHostFixture.Approver)), linkPayload, StringComparison.Ordinal);
        var page = await host.Services.GetRequiredService<ApprovalLinkService>().DecideAsync(
            token, ApprovalDecisions.Approve, $"Fine by me. Questions to {PrincipalHistoryHostFixture.Approver} or {CommentPhone}.", decidedBy: null);
        Assert.True(page.Decided is not null, $"{page.StatusCode}: {page.Message}");
        await host.Client.RaiseEventAsync(page.Decided.InstanceId, RequestApproval.DecisionEvent, page.Decided.Decision);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var run = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        var approval = await host.Client.GetInstanceAsync(approvalId, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        // The requester, also in the group, is not asked.
        Assert.Equal([PrincipalHistoryHostFixture.Approver], Mails(approvalId).SelectMany(m => m.To.Mailboxes).Select(m => m.Address).Distinct());
        var recorded = new StringBuilder()
            .AppendLine(host.History.HistoryOf(id)).AppendLine(host.History.HistoryOf(approvalId))
            .AppendLine(run.SerializedInput).AppendLine(run.SerializedOutput).AppendLine(run.SerializedCustomStatus)
            .AppendLine(approval!.SerializedInput).AppendLine(approval.SerializedOutput).AppendLine(approval.SerializedCustomStatus)
            .ToString();
        Assert.Contains("refund_customer", recorded, StringComparison.Ordinal); // the capture works: tool calls are there...
        Assert.Contains("ApprovalDecision", recorded, StringComparison.Ordinal); // ...and the decision event
        var requester = pseudonyms.Of(PrincipalHistoryHostFixture.Requester);
        var approver = pseudonyms.Of(PrincipalHistoryHostFixture.Approver);
        // JSON in history escapes the pseudonym's angle brackets: look for its hash.
        Assert.Contains(Hash(requester), recorded, StringComparison.Ordinal);
        Assert.Contains(Hash(approver), recorded, StringComparison.Ordinal);
        string[] personal = [PrincipalHistoryHostFixture.Requester, PrincipalHistoryHostFixture.Approver, "@contoso.com", "Fiona", "Leadbetter", "555-0132"];
        Assert.Equal("", string.Join(", ", personal.Where(value => recorded.Contains(value, StringComparison.OrdinalIgnoreCase))));

        var result = run.ReadOutputAs<AgentRunResult>()!;
        Assert.Equal(AgentOutcomes.Resolved, result.Outcome);
        Assert.Equal(approver, result.DecidedBy); // who approved stays an audit fact, by pseudonym
        var stored = (await Store.GetAsync(approvalId))!;
        Assert.Equal(approver, stored.Decision!.DecidedBy);
        Assert.DoesNotContain("@", stored.Decision.Comment, StringComparison.Ordinal);
        var audit = await host.Services.GetRequiredService<ToolAuditLog>().ListAsync(id, CancellationToken.None);
        Assert.NotEmpty(audit);
        Assert.All(audit, entry => Assert.Equal(requester, entry.Principal));
    }

    [Fact]
    public async Task The_requester_cannot_approve_with_the_pseudonymised_request_and_raised_events_are_redacted()
    {
        await host.Services.GetRequiredService<IBillingSystem>().SeedAsync();
        var id = await StartThroughTheApiAsync(PrincipalHistoryHostFixture.Requester);
        var approvalId = $"{id}-approval-1";
        var pending = await Eventually.GetAsync(async () => await Store.GetAsync(approvalId) is { Status: ApprovalStatuses.Pending } r ? r : null, "the approval request");

        var token = host.Services.GetRequiredService<ApprovalTokenService>().Issue(pending.Request, PrincipalHistoryHostFixture.Requester.ToUpperInvariant());
        var page = await host.Services.GetRequiredService<ApprovalLinkService>().DecideAsync(token, ApprovalDecisions.Approve, null, decidedBy: null);
        var raised = await Handler().RaiseEventAsync(
            Post($"/api/runs/{id}/events/CustomerNote", new { note = $"Customer asks for a call on {CommentPhone}", contact = PrincipalHistoryHostFixture.Requester, attempts = 2 }),
            host.Client, id, "CustomerNote");
        var history = await Eventually.GetAsync(
            () => Task.FromResult(host.History.HistoryOf(id) is { } h && h.Contains("CustomerNote", StringComparison.Ordinal) ? h : null), "the raised event in history");
        await host.Client.TerminateInstanceAsync(approvalId);
        await host.Client.TerminateInstanceAsync(id);

        Assert.Equal(403, page.StatusCode);
        Assert.Contains("your own request", page.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StatusCodes.Status202Accepted, Assert.IsAssignableFrom<IStatusCodeHttpResult>(raised).StatusCode);
        Assert.Contains("Customer asks for a call on", history, StringComparison.Ordinal);
        Assert.DoesNotContain("555-0132", history, StringComparison.Ordinal);
        Assert.DoesNotContain(PrincipalHistoryHostFixture.Requester, history, StringComparison.OrdinalIgnoreCase);
    }

    private static string Hash(string pseudonym) => pseudonym[PrincipalPseudonyms.Prefix.Length..^1];

    private IApprovalStore Store => host.Services.GetRequiredService<IApprovalStore>();

    /// <summary>Starts a billing run the way both hosts do: the API handler, with the App Service principal header.</summary>
    private async Task<string> StartThroughTheApiAsync(string principal)
    {
        var result = await Handler().StartAsync(Post($"/api/agents/{AgentCatalog.BillingResolution}/runs", new { input = SeedTicket }, principal), host.Client, AgentCatalog.BillingResolution);

        var links = Assert.IsType<RunLinks>(Assert.IsAssignableFrom<IValueHttpResult>(result).Value);
        return links.Id;
    }

    private AgentRunsHandler Handler() => ActivatorUtilities.CreateInstance<AgentRunsHandler>(host.Services);

    private HttpRequest Post(string path, object body, string? principal = null)
    {
        var http = new DefaultHttpContext { RequestServices = host.Services };
        http.Request.Method = "POST";
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1", 7071);
        http.Request.Path = path;
        if (principal is not null)
        {
            http.Request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"] = principal;
        }

        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(body));
        return http.Request;
    }

    private List<MimeMessage> Mails(string approvalId)
    {
        var folder = Path.Combine(host.DataDirectory, "mail");
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, $"*-{approvalId}*.eml").Select(f => MimeMessage.Load(f))] : [];
    }
}
