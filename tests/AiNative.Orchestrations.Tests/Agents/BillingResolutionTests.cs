using System.Text.Json;
using AiNative.Orchestrations.Agents;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.Governance.Injection;
using AiNative.Platform.Governance.Policies;
using AiNative.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Tests.Agents;

/// <summary>The billing resolution flow on the real durable test host, with the offline model and real storage.</summary>
[Collection(DurableCollection.Name)]
public sealed class BillingResolutionTests(DurableHostFixture host)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private const string SeedTicket = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250";

    private static AgentRunPolicy Policy(TimeSpan? timeout = null, int maxInfo = 2) =>
        new(timeout ?? TimeSpan.FromMinutes(10), ["approvers@example.com"], maxInfo);

    [Fact]
    public async Task Refund_over_the_limit_waits_for_approval_then_refunds_exactly_once()
    {
        var id = await StartAsync(SeedTicket, Policy());

        var request = await WaitForApprovalAsync(id, round: 1);
        Assert.Equal(250m, request.Action.Amount);
        Assert.Equal("C12345", request.Action.CustomerId);
        await DecideAsync(request, ApprovalDecisions.Approve);
        var result = await CompleteAsync(id);

        Assert.Equal(AgentOutcomes.Resolved, result.Outcome);
        Assert.Equal(250m, result.RefundAmount);
        Assert.Equal(1, result.ApprovalRounds);
        var refunds = (await Billing.ListRefundsAsync("C12345")).Where(r => r.TicketId == id).ToList();
        Assert.Single(refunds);
        Assert.Equal(250m, refunds[0].Amount);
        Assert.Equal(TicketStatuses.Resolved, (await Billing.GetTicketAsync(id))!.Status);
    }

    [Fact]
    public async Task Rejected_refund_is_not_paid_and_the_ticket_says_so()
    {
        var id = await StartAsync(SeedTicket, Policy());

        await DecideAsync(await WaitForApprovalAsync(id, round: 1), ApprovalDecisions.Reject, "no SLA credit for this plan");
        var result = await CompleteAsync(id);

        Assert.Equal(AgentOutcomes.Rejected, result.Outcome);
        Assert.Contains("no SLA credit", result.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(await Billing.ListRefundsAsync("C12345"), r => r.TicketId == id);
        Assert.Equal(TicketStatuses.Rejected, (await Billing.GetTicketAsync(id))!.Status);
    }

    [Fact]
    public async Task Unanswered_approval_times_out_and_denies()
    {
        var id = await StartAsync(SeedTicket, Policy(timeout: TimeSpan.FromSeconds(3)));

        var request = await WaitForApprovalAsync(id, round: 1);
        var result = await CompleteAsync(id);

        Assert.Equal(AgentOutcomes.TimedOut, result.Outcome);
        Assert.Equal(ApprovalDecisions.TimedOut, result.ApprovalDecision);
        Assert.DoesNotContain(await Billing.ListRefundsAsync("C12345"), r => r.TicketId == id);
        Assert.Equal(ApprovalStatuses.TimedOut, (await Store.GetAsync(request.ApprovalId))!.Status);
    }

    [Fact]
    public async Task Request_for_information_loops_back_to_the_agent_then_approval_completes()
    {
        var id = await StartAsync(SeedTicket, Policy());

        await DecideAsync(await WaitForApprovalAsync(id, round: 1), ApprovalDecisions.RequestInfo, "attach the incident report");
        await DecideAsync(await WaitForApprovalAsync(id, round: 2), ApprovalDecisions.Approve);
        var result = await CompleteAsync(id);

        Assert.Equal(AgentOutcomes.Resolved, result.Outcome);
        Assert.Equal(2, result.ApprovalRounds);
        Assert.Single(await Billing.ListRefundsAsync("C12345"), r => r.TicketId == id);
    }

    [Fact]
    public async Task Requests_for_information_beyond_the_limit_deny()
    {
        var id = await StartAsync(SeedTicket, Policy(maxInfo: 1));

        await DecideAsync(await WaitForApprovalAsync(id, round: 1), ApprovalDecisions.RequestInfo, "why?");
        await DecideAsync(await WaitForApprovalAsync(id, round: 2), ApprovalDecisions.RequestInfo, "still unclear");
        var result = await CompleteAsync(id);

        Assert.Equal(AgentOutcomes.Rejected, result.Outcome);
        Assert.Equal(2, result.ApprovalRounds);
        Assert.DoesNotContain(await Billing.ListRefundsAsync("C12345"), r => r.TicketId == id);
    }

    [Fact]
    public async Task Within_policy_limits_the_refund_runs_without_approval()
    {
        var id = await StartAsync(SeedTicket, new AgentRunPolicy(TimeSpan.FromMinutes(10), ["approvers@example.com"], MinConfidence: 0, MaxAutoRefund: 1000m, ReviewFallbackModelDecisions: false));

        var result = await CompleteAsync(id);

        Assert.Equal(AgentOutcomes.Resolved, result.Outcome);
        Assert.False(result.ApprovalRequired);
        Assert.Null(await Store.GetAsync($"{id}-approval-1"));
        Assert.Single(await Billing.ListRefundsAsync("C12345"), r => r.TicketId == id);
    }

    [Fact]
    public async Task Input_flagged_for_approval_sends_a_refund_within_limits_to_a_person()
    {
        var screening = new InputScreening("billing-agent@1.0.0", 0.8, ["ignore-instructions"], GuardrailAction.RequireApproval);
        var policy = new AgentRunPolicy(TimeSpan.FromMinutes(10), ["approvers@example.com"], MinConfidence: 0, MaxAutoRefund: 1000m, ReviewFallbackModelDecisions: false)
        {
            InputScreening = screening,
        };
        var id = await StartAsync(SeedTicket, policy);

        var request = await WaitForApprovalAsync(id, round: 1);

        Assert.Contains("prompt injection", request.Reason, StringComparison.Ordinal);
        Assert.Contains("billing-agent@1.0.0", request.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(await Billing.ListRefundsAsync("C12345"), r => r.TicketId == id);
        await host.Client.TerminateInstanceAsync(id);
    }

    [Fact]
    public async Task Custom_status_names_the_step_the_run_waits_at()
    {
        var id = await StartAsync(SeedTicket, Policy());

        await WaitForApprovalAsync(id, round: 1);
        var instance = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        var status = JsonSerializer.Deserialize<AgentProgress>(instance!.SerializedCustomStatus!, Web)!;
        Assert.Equal("awaiting_approval", status.Step);
        Assert.Equal($"{id}-approval-1", status.ApprovalId);
        await host.Client.TerminateInstanceAsync(id);
    }

    private IBillingSystem Billing => host.Services.GetRequiredService<IBillingSystem>();

    private IApprovalStore Store => host.Services.GetRequiredService<IApprovalStore>();

    private async Task<string> StartAsync(string input, AgentRunPolicy policy)
    {
        await Billing.SeedAsync();
        var id = $"run-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RunAgent), new AgentRunRequest(AgentCatalog.BillingResolution, input, null, "test", policy), new Microsoft.DurableTask.StartOrchestrationOptions(id));
        return id;
    }

    private async Task<ApprovalRequest> WaitForApprovalAsync(string runId, int round)
    {
        var record = await Eventually.GetAsync(
            async () => await Store.GetAsync($"{runId}-approval-{round}") is { Status: ApprovalStatuses.Pending } r ? r : null,
            $"approval round {round} of {runId}");
        return record.Request;
    }

    private async Task DecideAsync(ApprovalRequest request, string decision, string? comment = null)
    {
        var links = host.Services.GetRequiredService<ApprovalLinkService>();
        var token = host.Services.GetRequiredService<ApprovalTokenService>().Issue(request);
        var page = await links.DecideAsync(token, decision, comment, "approver@example.com");
        Assert.True(page.Decided is not null, $"{page.StatusCode}: {page.Message}");
        await host.Client.RaiseEventAsync(page.Decided.InstanceId, RequestApproval.DecisionEvent, page.Decided.Decision);
    }

    private async Task<AgentRunResult> CompleteAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var instance = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        return instance.ReadOutputAs<AgentRunResult>()!;
    }
}
