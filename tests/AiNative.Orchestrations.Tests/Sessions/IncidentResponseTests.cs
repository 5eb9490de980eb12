using AiNative.Orchestrations.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Operations;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.Extensions.DependencyInjection;
using static AiNative.Orchestrations.Tests.Sessions.AgentTestSupport;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>The incident-response graph on the durable test host with the offline model, real tools and storage.</summary>
[Collection(DurableCollection.Name)]
public sealed class IncidentResponseTests(DurableHostFixture host)
{
    private const string Alert = "ALERT: checkout-api error rate above 10% for 15 minutes, customers cannot pay; pods keep restarting";

    [Fact]
    public async Task Approved_remediation_restarts_the_service_once_and_verifies_recovery()
    {
        var id = await StartAsync(host, AgentCatalog.IncidentResponse, Alert);

        var request = await WaitForApprovalAsync(host, $"{id}-approval-1");
        Assert.Equal(OperationsTools.RemediateService, request.Action.Kind);
        Assert.Contains("checkout-api", request.Action.Summary, StringComparison.Ordinal);
        Assert.Contains("error_rate 12.7", request.Evidence, StringComparison.Ordinal);
        Assert.Contains("OOMKilled", request.Context, StringComparison.Ordinal);
        Assert.Equal(0, (await ServiceAsync(host, "checkout-api")).Restarts);
        await DecideAsync(host, request, ApprovalDecisions.Approve);
        var result = await CompleteAsync<IncidentRunResult>(host, id);

        Assert.Equal(AgentOutcomes.Resolved, result.Outcome);
        Assert.Equal("checkout-api", result.Service);
        Assert.Equal("checkout-memory-leak", result.RunbookId);
        Assert.Equal(RemediationActions.Restart, result.RemediationAction);
        Assert.True(result.Verified);
        Assert.Equal(0, result.Compensations);
        var service = await ServiceAsync(host, "checkout-api");
        Assert.Equal("healthy", service.Status);
        Assert.Equal(1, service.Restarts);
        Assert.False(string.IsNullOrWhiteSpace(result.Summary));

        var audit = await host.Services.GetRequiredService<ToolAuditLog>().ListAsync(id, CancellationToken.None);
        Assert.Equal(
            [OperationsTools.QueryLogs, OperationsTools.QueryMetrics, OperationsTools.GetRunbook, OperationsTools.RemediateService, OperationsTools.QueryMetrics],
            audit.Where(a => a.Phase == ToolAuditPhases.Result).Select(a => a.Tool));
    }

    [Fact]
    public async Task Rejected_remediation_changes_nothing()
    {
        var id = await StartAsync(host, AgentCatalog.IncidentResponse, Alert);

        await DecideAsync(host, await WaitForApprovalAsync(host, $"{id}-approval-1"), ApprovalDecisions.Reject, "change freeze until 18:00");
        var result = await CompleteAsync<IncidentRunResult>(host, id);

        Assert.Equal(AgentOutcomes.Rejected, result.Outcome);
        Assert.Contains("change freeze", result.Conclusion, StringComparison.Ordinal);
        Assert.Null(result.RemediationId);
        var service = await ServiceAsync(host, "checkout-api");
        Assert.Equal("degraded", service.Status);
        Assert.Equal(0, service.Restarts);
    }

    [Fact]
    public async Task Scaling_runbook_is_followed_for_a_latency_incident()
    {
        var id = await StartAsync(host, AgentCatalog.IncidentResponse, "search-api is slow: p95 latency 3 s and requests time out, CPU throttled");

        var request = await WaitForApprovalAsync(host, $"{id}-approval-1");
        Assert.Contains("Scale search-api to 6 replicas", request.Action.Summary, StringComparison.Ordinal);
        await DecideAsync(host, request, ApprovalDecisions.Approve);
        var result = await CompleteAsync<IncidentRunResult>(host, id);

        Assert.Equal(AgentOutcomes.Resolved, result.Outcome);
        Assert.Equal("search-traffic-spike", result.RunbookId);
        Assert.Equal(6, (await ServiceAsync(host, "search-api")).Replicas);
    }

    [Fact]
    public async Task A_report_naming_no_known_service_is_escalated_without_tools()
    {
        var id = await StartAsync(host, AgentCatalog.IncidentResponse, "Something feels off with the website today");

        var result = await CompleteAsync<IncidentRunResult>(host, id);

        Assert.Equal(AgentOutcomes.Escalated, result.Outcome);
        Assert.Null(result.Service);
        Assert.Null(result.ApprovalId);
    }
}
