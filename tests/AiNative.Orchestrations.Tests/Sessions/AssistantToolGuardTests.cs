using AiNative.Orchestrations.Agents;
using AiNative.Platform.AgentPlane.Assistant;
using AiNative.Platform.AgentPlane.Operations;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.Extensions.DependencyInjection;
using static AiNative.Orchestrations.Tests.Sessions.AgentTestSupport;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>
/// End to end: a <c>block</c> verdict of <c>ToolCallGuard</c> (the agent's policy, planned in <c>AssistantPlanner</c>)
/// stops a tool call the model chose: the tool never runs, and the model is told <c>blocked_by_policy</c>.
/// </summary>
public sealed class AssistantToolGuardTests(GuardedToolModelHostFixture host) : IClassFixture<GuardedToolModelHostFixture>
{
    [Fact]
    public async Task A_call_over_the_policys_budget_is_not_executed_and_the_model_sees_blocked_by_policy()
    {
        host.Server.Enqueue(
            ToolCallingModelServer.ToolCall("call_metrics", OperationsTools.QueryMetrics, """{"service":"checkout-api","metric":"error_rate","since_minutes":30}"""),
            ToolCallingModelServer.ToolCall("call_logs", OperationsTools.QueryLogs, """{"service":"checkout-api"}"""),
            ToolCallingModelServer.Answer("The error rate is 12.7%; the policy did not let me read the logs."));
        var before = host.Server.Requests.Count;

        var id = await StartAsync(host, AgentCatalog.Assistant, "What is checkout-api's error rate, and what do its logs say?");
        var result = await CompleteAsync<AssistantTurnResult>(host, id);

        Assert.Equal(
            [(OperationsTools.QueryMetrics, ToolCallOutcomes.Succeeded), (OperationsTools.QueryLogs, ToolCallOutcomes.BlockedByPolicy)],
            result.ToolCalls.Select(t => (t.Tool, t.Outcome)));
        Assert.Equal(3, result.Steps);

        // The model's next request carries the refusal as the blocked call's tool result.
        var messages = host.Server.Requests[before + 2]["messages"]!.AsArray();
        var refusal = messages.Single(m => m!["role"]!.GetValue<string>() == "tool" && m["tool_call_id"]!.GetValue<string>() == "call_logs")!["content"]!.ToString();
        Assert.Contains(ToolCallOutcomes.BlockedByPolicy, refusal, StringComparison.Ordinal);
        Assert.Contains("assistant-one-call", refusal, StringComparison.Ordinal);

        // The tool wrapper's audit trail has the allowed call and not the blocked one.
        var audit = await host.Services.GetRequiredService<ToolAuditLog>().ListAsync(id, CancellationToken.None);
        Assert.Contains(audit, a => a.Tool == OperationsTools.QueryMetrics && a.Phase == ToolAuditPhases.Result);
        Assert.DoesNotContain(audit, a => a.Tool == OperationsTools.QueryLogs);
    }
}
