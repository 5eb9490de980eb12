using System.Diagnostics;
using AiNative.Orchestrations.Agents;
using AiNative.Orchestrations.Approvals;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.Telemetry;
using AiNative.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>Spans and metrics of a real agent run (durable test host, offline model, Azurite) captured in memory.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OrchestrationTelemetryTests(TelemetryHostFixture host)
{
    private const string Email = "jane.doe@contoso-mail.example";
    private const string Phone = "+1 415 555 0142";

    // The seed ticket with personal data that must not reach telemetry.
    private static readonly string Ticket =
        $"ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250. Reach me at {Email} or {Phone}.";

    private static AgentRunPolicy Policy => new(TimeSpan.FromMinutes(10), ["approvers@example.com"], 2);

    [Fact]
    public async Task An_approved_agent_run_emits_linked_genai_spans_with_the_instance_id_and_no_pii()
    {
        var requestedBefore = host.Sum("ainative.approvals.requested");
        var approvedBefore = host.Sum("ainative.approvals.decided", ("ainative.approval.outcome", ApprovalStatuses.Approved));
        var toolCallsBefore = host.Sum("ainative.tool.calls", ("gen_ai.tool.name", "refund_customer"));

        var id = await StartAsync();
        var request = await WaitForApprovalAsync(id);
        await DecideAsync(request, ApprovalDecisions.Approve);
        await CompleteAsync(id);
        var run = host.Flush().Where(s => s.GetTagItem(PlatformTelemetry.InstanceIdTag) is string i && i.StartsWith(id, StringComparison.Ordinal)).ToList();

        // Names: the agent's model steps, its tools, retrieval and approval steps.
        var agent = Assert.Single(run, s => s.DisplayName == "agent_step AnalyzeIssue");
        Assert.Equal("agent_step", agent.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(AgentCatalog.BillingResolution, agent.GetTagItem("gen_ai.agent.name"));
        var refund = Assert.Single(run, s => s.DisplayName == "execute_tool refund_customer");
        Assert.Equal("refund_customer", refund.GetTagItem("gen_ai.tool.name"));
        Assert.Contains(run, s => s.DisplayName == "execute_tool check_billing_system");
        Assert.Contains(run, s => s.DisplayName == "approval RecordApprovalRequest");
        var retrieval = Assert.Single(run, s => s.DisplayName == "retrieval RetrieveKnowledge");

        // Parent-child: the model call runs under the agent step, the knowledge lookup under the retrieval step.
        var chat = Assert.Single(run, s => s.Parent?.SpanId == agent.SpanId && (string?)s.GetTagItem("gen_ai.operation.name") == "chat");
        Assert.Equal(agent.TraceId, chat.TraceId);
        Assert.NotNull(chat.GetTagItem("gen_ai.request.model"));
        Assert.Contains(run, s => s.ParentSpanId == retrieval.SpanId && s.DisplayName == "retrieve knowledge");

        // One trace per instance: every activity of the run is a child of the span that stands for the orchestration.
        var orchestration = DurableSpans.OrchestrationContext(id);
        var activities = run.Where(s => (string?)s.GetTagItem(PlatformTelemetry.InstanceIdTag) == id && (string?)s.GetTagItem("durabletask.type") == "activity").ToList();
        Assert.True(activities.Count >= 5, $"only {activities.Count} activity spans");
        Assert.All(activities, s => Assert.Equal((orchestration.TraceId, orchestration.SpanId), (s.TraceId, s.ParentSpanId)));

        // The instance id on every span of every trace the run produced, whichever library started it.
        var traces = run.Select(s => s.TraceId).ToHashSet();
        var all = host.Flush().Where(s => traces.Contains(s.TraceId)).ToList();
        Assert.All(all, s => Assert.StartsWith(id, (string?)s.GetTagItem(PlatformTelemetry.InstanceIdTag) ?? "(missing) " + s.DisplayName, StringComparison.Ordinal));

        // No prompt or completion content and none of the ticket's personal data on any span.
        Assert.All(all, s => AssertNoPii(s));

        // Metrics: the approval funnel and the tool call.
        Assert.Equal(1, host.Sum("ainative.approvals.requested") - requestedBefore);
        Assert.Equal(1, host.Sum("ainative.approvals.decided", ("ainative.approval.outcome", ApprovalStatuses.Approved)) - approvedBefore);
        Assert.Equal(1, host.Sum("ainative.tool.calls", ("gen_ai.tool.name", "refund_customer")) - toolCallsBefore);
        Assert.Contains(host.Metrics, m => m.Name == "ainative.operation.duration");
        Assert.Contains(host.Metrics, m => m.Name == "gen_ai.client.operation.duration");
    }

    [Fact]
    public async Task Replays_do_not_duplicate_activity_spans()
    {
        var id = await StartAsync();
        await DecideAsync(await WaitForApprovalAsync(id), ApprovalDecisions.Reject, "not covered");
        await CompleteAsync(id);

        // The orchestrator replays after every activity and event; each activity still has exactly one span.
        var spans = host.Flush().Where(s => (string?)s.GetTagItem(PlatformTelemetry.InstanceIdTag) == id && (string?)s.GetTagItem("durabletask.type") == "activity").ToList();
        Assert.NotEmpty(spans);
        var perStep = spans.GroupBy(s => (string?)s.GetTagItem("gen_ai.tool.name") ?? (string?)s.GetTagItem("durabletask.task.name")).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(1, perStep["AnalyzeIssue"]);
        Assert.Equal(1, perStep["check_billing_system"]);
        Assert.False(perStep.ContainsKey("refund_customer"), "a rejected refund must not execute");
    }

    [Fact]
    public async Task A_timed_out_approval_is_counted_as_timed_out()
    {
        var before = host.Sum("ainative.approvals.decided", ("ainative.approval.outcome", ApprovalStatuses.TimedOut));

        var id = await StartAsync(new AgentRunPolicy(TimeSpan.FromSeconds(2), ["approvers@example.com"], 2));
        await CompleteAsync(id);
        host.Flush();

        Assert.Equal(1, host.Sum("ainative.approvals.decided", ("ainative.approval.outcome", ApprovalStatuses.TimedOut)) - before);
    }

    private static void AssertNoPii(Activity span)
    {
        foreach (var (key, value) in span.TagObjects)
        {
            var text = value?.ToString() ?? "";
            Assert.False(text.Contains(Email, StringComparison.OrdinalIgnoreCase) || text.Contains("555 0142", StringComparison.Ordinal),
                $"span '{span.DisplayName}' tag '{key}' carries personal data");
            Assert.DoesNotContain("gen_ai.input.messages", key, StringComparison.Ordinal);
            Assert.DoesNotContain("gen_ai.output.messages", key, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Email, span.DisplayName, StringComparison.OrdinalIgnoreCase);
        foreach (var e in span.Events)
        {
            Assert.DoesNotContain(e.Tags, t => (t.Value?.ToString() ?? "").Contains(Email, StringComparison.OrdinalIgnoreCase));
        }
    }

    private async Task<string> StartAsync(AgentRunPolicy? policy = null)
    {
        await host.Services.GetRequiredService<IBillingSystem>().SeedAsync();
        var id = $"tel-{Guid.NewGuid():N}";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RunAgent),
            new AgentRunRequest(AgentCatalog.BillingResolution, Ticket, null, "test", policy ?? Policy), new StartOrchestrationOptions(id));
        return id;
    }

    private async Task<ApprovalRequest> WaitForApprovalAsync(string runId)
    {
        var store = host.Services.GetRequiredService<IApprovalStore>();
        var record = await Eventually.GetAsync(
            async () => await store.GetAsync($"{runId}-approval-1") is { Status: ApprovalStatuses.Pending } r ? r : null,
            $"approval of {runId}");
        return record.Request;
    }

    private async Task DecideAsync(ApprovalRequest request, string decision, string? comment = null)
    {
        var token = host.Services.GetRequiredService<ApprovalTokenService>().Issue(request);
        var page = await host.Services.GetRequiredService<ApprovalLinkService>().DecideAsync(token, decision, comment, "approver@example.com");
        Assert.True(page.Decided is not null, $"{page.StatusCode}: {page.Message}");
        await host.Client.RaiseEventAsync(page.Decided.InstanceId, RequestApproval.DecisionEvent, page.Decided.Decision);
    }

    private async Task CompleteAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var instance = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
    }
}
