using System.Text.Json.Nodes;
using AiNative.Orchestrations.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Assistant;
using AiNative.Platform.AgentPlane.Operations;
using static AiNative.Orchestrations.Tests.Sessions.AgentTestSupport;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>
/// The assistant with a tool-calling model: the real OpenAI SDK behind the gateway talks to a loopback server that
/// answers with <c>tool_calls</c>; the tools run through the registry's wrapper.
/// </summary>
public sealed class AssistantToolCallingTests(ToolModelHostFixture host) : IClassFixture<ToolModelHostFixture>
{
    [Fact]
    public async Task Model_picks_a_tool_from_the_registry_then_answers_from_its_result()
    {
        host.Server.Enqueue(
            ToolCallingModelServer.ToolCall("call_1", OperationsTools.QueryMetrics, """{"service":"checkout-api","metric":"error_rate","since_minutes":30}"""),
            ToolCallingModelServer.Answer("checkout-api's error rate is 12.7%."));
        var before = host.Server.Requests.Count;

        var result = await CompleteAsync<AssistantTurnResult>(host, await StartAsync(host, AgentCatalog.Assistant, "What is checkout-api's error rate?"));

        Assert.Equal(AssistantModes.Model, result.Mode);
        Assert.Equal("checkout-api's error rate is 12.7%.", result.Reply);
        Assert.Equal(2, result.Steps);
        Assert.Equal(("query_metrics", "succeeded"), (Assert.Single(result.ToolCalls).Tool, result.ToolCalls[0].Outcome));
        var first = host.Server.Requests[before];
        var declared = first["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
        Assert.Contains(OperationsTools.QueryLogs, declared);
        Assert.Contains(OperationsTools.RemediateService, declared);
        Assert.Equal("object", first["tools"]![0]!["function"]!["parameters"]!["type"]!.GetValue<string>());
        var second = host.Server.Requests[before + 1]["messages"]!.AsArray();
        var toolMessage = second.Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("call_1", toolMessage["tool_call_id"]!.GetValue<string>());
        Assert.Contains("12.7", toolMessage["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_keeps_calling_tools_is_stopped_at_the_step_limit()
    {
        var counter = 0;
        host.Server.Fallback = _ => ToolCallingModelServer.ToolCall($"call_loop_{Interlocked.Increment(ref counter)}", OperationsTools.QueryLogs, """{"service":"payments-api"}""")(new JsonObject());
        try
        {
            var result = await CompleteAsync<AssistantTurnResult>(host, await StartAsync(host, AgentCatalog.Assistant, "Keep looking at the payments logs"));

            Assert.True(result.StoppedAtLimit);
            Assert.Equal(ToolModelHostFixture.MaxSteps, result.Steps);
            Assert.Equal(ToolModelHostFixture.MaxSteps, result.ToolCalls.Count);
            Assert.Contains($"stopped after {ToolModelHostFixture.MaxSteps} steps", result.Reply, StringComparison.Ordinal);
        }
        finally
        {
            host.Server.Fallback = _ => ToolCallingModelServer.Text("done");
        }
    }

    [Fact]
    public async Task High_risk_tool_chosen_by_the_model_needs_approval_before_it_runs()
    {
        host.Server.Enqueue(
            ToolCallingModelServer.ToolCall("call_scale", OperationsTools.RemediateService, """{"service":"search-api","action":"scale","replicas":5}"""),
            ToolCallingModelServer.Answer("search-api now runs 5 replicas."));

        var id = await StartAsync(host, AgentCatalog.Assistant, "Scale search-api to 5 replicas");
        var request = await WaitForApprovalAsync(host, $"{id}-approval-1");
        Assert.Equal(2, (await ServiceAsync(host, "search-api")).Replicas);
        await DecideAsync(host, request, ApprovalDecisions.Approve);
        var result = await CompleteAsync<AssistantTurnResult>(host, id);

        Assert.Equal(("succeeded", ApprovalDecisions.Approve), (result.ToolCalls[0].Outcome, result.ToolCalls[0].ApprovalDecision));
        Assert.Equal(5, (await ServiceAsync(host, "search-api")).Replicas);
    }
}
