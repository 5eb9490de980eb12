using System.Text.Json;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AiNative.Orchestrations.Tests.Approvals;

/// <summary>
/// The approval workflow on the durable test host with short timers: escalation to the second group, reminders before
/// expiry, timeout as deny, N-of-M quorum of distinct approvers, and the requester never approving their own action.
/// </summary>
public sealed class RequestApprovalTests(ApprovalGroupsHostFixture host) : IClassFixture<ApprovalGroupsHostFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Silent_first_group_is_escalated_reminded_then_timed_out_as_deny()
    {
        var request = Request("hitl-escalate", TimeSpan.FromSeconds(7));

        var outcome = await RunAsync(request);

        Assert.Equal(ApprovalDecisions.TimedOut, outcome.Decision);
        Assert.False(outcome.IsApproved);
        Assert.True(outcome.Escalated);
        Assert.Equal("oncall", outcome.Group);
        var mails = Mails(request.ApprovalId);
        Assert.Equal(["oncall@example.com"], Recipients(mails, "Approval needed:"));
        Assert.Equal(["director@example.com"], Recipients(mails, "Escalated: approval needed:"));
        Assert.Equal(["director@example.com", "oncall@example.com"], Recipients(mails, "Reminder: approval needed:"));
        Assert.Equal(ApprovalStatuses.TimedOut, (await Store.GetAsync(request.ApprovalId))!.Status);
    }

    [Fact]
    public async Task Escalation_approver_decides_with_their_own_link_and_is_recorded()
    {
        var request = Request("hitl-escalate", TimeSpan.FromMinutes(5));
        await StartAsync(request);
        await Eventually.GetAsync(() => Task.FromResult(Recipients(Mails(request.ApprovalId), "Escalated: approval needed:").Count > 0 ? "sent" : null), "the escalation e-mail");

        var page = await DecideAsync(request, "director@example.com", ApprovalDecisions.Approve, postedName: "someone-else@example.com");
        var outcome = await CompleteAsync(request.ApprovalId);

        Assert.Equal(200, page.StatusCode);
        Assert.Equal(ApprovalDecisions.Approve, outcome.Decision);
        Assert.Equal(P("director@example.com"), outcome.DecidedBy);
        Assert.True(outcome.Escalated);
        Assert.Equal(P("director@example.com"), (await Store.GetAsync(request.ApprovalId))!.Decision!.DecidedBy);
    }

    [Fact]
    public async Task Quorum_needs_two_distinct_approvers_and_the_requester_is_neither_asked_nor_allowed()
    {
        var request = Request("hitl-quorum", TimeSpan.FromMinutes(5));
        await StartAsync(request);
        var stored = await WaitPendingAsync(request.ApprovalId);
        Assert.Equal(2, stored.Request.Quorum);
        Assert.Equal([P("a@example.com"), P("b@example.com")], stored.Request.Approvers); // stored and in history by pseudonym only

        var self = await DecideAsync(request, "requester@example.com", ApprovalDecisions.Approve);
        var first = await DecideAsync(request, "a@example.com", ApprovalDecisions.Approve, "looks right");
        var again = await DecideAsync(request, "a@example.com", ApprovalDecisions.Approve);
        await Eventually.GetAsync(async () => await Progress(request.ApprovalId) is { Approvals: 1 } p ? p : null, "one approval counted");
        Assert.Equal(ApprovalStatuses.Pending, (await Store.GetAsync(request.ApprovalId))!.Status);
        var second = await DecideAsync(request, "b@example.com", ApprovalDecisions.Approve);
        var outcome = await CompleteAsync(request.ApprovalId);

        Assert.Equal(403, self.StatusCode);
        Assert.Contains("your own request", self.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(409, again.StatusCode);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(ApprovalDecisions.Approve, outcome.Decision);
        Assert.Equal([P("a@example.com"), P("b@example.com")], outcome.ApprovedBy);
        var record = (await Store.GetAsync(request.ApprovalId))!;
        Assert.Equal(ApprovalStatuses.Approved, record.Status);
        Assert.Equal($"{P("a@example.com")}, {P("b@example.com")}", record.Decision!.DecidedBy);
        Assert.DoesNotContain("requester@example.com", Recipients(Mails(request.ApprovalId), "Approval needed:"));
    }

    [Fact]
    public async Task One_rejection_under_a_quorum_denies()
    {
        var request = Request("hitl-quorum", TimeSpan.FromMinutes(5));
        await StartAsync(request);
        await WaitPendingAsync(request.ApprovalId);

        await DecideAsync(request, "a@example.com", ApprovalDecisions.Approve);
        await DecideAsync(request, "b@example.com", ApprovalDecisions.Reject, "not covered by the SLA");
        var outcome = await CompleteAsync(request.ApprovalId);

        Assert.Equal(ApprovalDecisions.Reject, outcome.Decision);
        Assert.Equal(P("b@example.com"), outcome.DecidedBy);
        Assert.False(outcome.IsApproved);
    }

    [Fact]
    public async Task A_group_of_only_the_requester_denies_at_once_with_the_reason()
    {
        var request = Request("hitl-self", TimeSpan.FromMinutes(5));

        var outcome = await RunAsync(request);

        Assert.Equal(ApprovalDecisions.Reject, outcome.Decision);
        Assert.Contains("other than the requester", outcome.Comment, StringComparison.Ordinal);
        Assert.Empty(Mails(request.ApprovalId));
    }

    private string P(string principal) => host.Services.GetRequiredService<PrincipalPseudonyms>().Of(principal);

    private IApprovalStore Store => host.Services.GetRequiredService<IApprovalStore>();

    private static ApprovalRequest Request(string policy, TimeSpan expiresIn)
    {
        var id = $"apr-{Guid.NewGuid():N}";
        return new ApprovalRequest(id, id, "run-hitl", "billing-agent",
            new ApprovalAction("refund", "Process refund of $250", "C12345", "ACME Corp", 250m, "USD"),
            "Outage", "4 hours of downtime", "INC-789", ["fallback@example.com"], DateTimeOffset.UtcNow.Add(expiresIn), 1, "requester@example.com", policy);
    }

    private async Task StartAsync(ApprovalRequest request) =>
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RequestApproval), request, new StartOrchestrationOptions(request.ApprovalId));

    private async Task<ApprovalOutcome> RunAsync(ApprovalRequest request)
    {
        await StartAsync(request);
        return await CompleteAsync(request.ApprovalId);
    }

    private async Task<ApprovalOutcome> CompleteAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var instance = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        return instance.ReadOutputAs<ApprovalOutcome>()!;
    }

    private async Task<ApprovalRecord> WaitPendingAsync(string id) =>
        await Eventually.GetAsync(async () => await Store.GetAsync(id) is { Status: ApprovalStatuses.Pending } r ? r : null, $"approval {id} recorded");

    private async Task<ApprovalProgress?> Progress(string id)
    {
        var instance = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        return instance?.SerializedCustomStatus is { } status && status != "null" ? JsonSerializer.Deserialize<ApprovalProgress>(status, Web) : null;
    }

    /// <summary>Decides through the approver's own bound link, as the web page does, and raises the event like the HTTP handler.</summary>
    private async Task<ApprovalPage> DecideAsync(ApprovalRequest request, string approver, string decision, string? comment = null, string? postedName = null)
    {
        var stored = (await Store.GetAsync(request.ApprovalId))!.Request;
        var token = host.Services.GetRequiredService<ApprovalTokenService>().Issue(stored, approver);
        var page = await host.Services.GetRequiredService<ApprovalLinkService>().DecideAsync(token, decision, comment, postedName ?? approver);
        if (page.Decided is { } decided)
        {
            await host.Client.RaiseEventAsync(decided.InstanceId, RequestApproval.DecisionEvent, decided.Decision);
        }

        return page;
    }

    private List<MimeMessage> Mails(string approvalId)
    {
        var folder = Path.Combine(host.DataDirectory, "mail");
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, $"*-{approvalId}*.eml").Select(f => MimeMessage.Load(f))]
            : [];
    }

    private static List<string> Recipients(IEnumerable<MimeMessage> mails, string subjectPrefix) =>
        [.. mails.Where(m => (m.Subject ?? "").StartsWith(subjectPrefix, StringComparison.Ordinal)).Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal)];
}
