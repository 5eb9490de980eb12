using System.Text.Json;
using AiNative.Orchestrations.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Assistant;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.AgentPlane.Operations;
using static AiNative.Orchestrations.Tests.Sessions.AgentTestSupport;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>
/// The assistant's tool loop offline: no enabled model can call tools, so the documented development fallback
/// chooses them. The loop, the tool wrapper, approvals and memory are the real ones.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class AssistantFallbackTests(DurableHostFixture host)
{
    [Fact]
    public async Task Read_only_request_calls_the_best_matching_tool_without_approval_and_remembers_the_exchange()
    {
        var id = await StartAsync(host, AgentCatalog.Assistant, "Show me the recent error logs of checkout-api");

        var result = await CompleteAsync<AssistantTurnResult>(host, id);

        Assert.Equal(AssistantModes.Fallback, result.Mode);
        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(OperationsTools.QueryLogs, call.Tool);
        Assert.Equal("succeeded", call.Outcome);
        Assert.Null(call.ApprovalId);
        Assert.Contains("OOMKilled", result.Reply, StringComparison.Ordinal);
        var memory = await MemoryAsync(host, id);
        Assert.Equal([ConversationRoles.User, ConversationRoles.Assistant, ConversationRoles.Tool, ConversationRoles.Assistant], memory.Select(m => m.Message.Role));
        var arguments = JsonDocument.Parse(memory[1].Message.ToolArguments!).RootElement;
        Assert.Equal("checkout-api", arguments.GetProperty("service").GetString());
    }

    [Fact]
    public async Task High_risk_tool_waits_for_approval_and_runs_once_approved()
    {
        var id = await StartAsync(host, AgentCatalog.Assistant, "Please restart the checkout-api service");

        var request = await WaitForApprovalAsync(host, $"{id}-approval-1");
        Assert.Equal(OperationsTools.RemediateService, request.Action.Kind);
        Assert.Equal(0, (await ServiceAsync(host, "checkout-api")).Restarts);
        await DecideAsync(host, request, ApprovalDecisions.Approve);
        var result = await CompleteAsync<AssistantTurnResult>(host, id);

        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(("succeeded", ApprovalDecisions.Approve), (call.Outcome, call.ApprovalDecision));
        Assert.Equal(1, (await ServiceAsync(host, "checkout-api")).Restarts);
    }

    [Fact]
    public async Task Rejected_high_risk_tool_is_not_run_and_the_agent_sees_why()
    {
        var id = await StartAsync(host, AgentCatalog.Assistant, "Please restart the checkout-api service");

        await DecideAsync(host, await WaitForApprovalAsync(host, $"{id}-approval-1"), ApprovalDecisions.Reject, "not during the sale");
        var result = await CompleteAsync<AssistantTurnResult>(host, id);

        var call = Assert.Single(result.ToolCalls);
        Assert.Equal(ToolCallOutcomes.ApprovalDenied, call.Outcome);
        Assert.Equal(0, (await ServiceAsync(host, "checkout-api")).Restarts);
        Assert.Contains("not during the sale", result.Reply, StringComparison.Ordinal);
    }
}
