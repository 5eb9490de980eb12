using System.Text.Json;
using AiNative.Activities.Sessions;
using AiNative.Orchestrations.Approvals;
using AiNative.Orchestrations.Tools;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Assistant;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.DurableTask;

namespace AiNative.Orchestrations.Agents;

/// <summary>
/// The general tool-using agent loop, one user turn: remember the message → (model picks tools from the registry →
/// approval for high-risk tools → run them through the tool wrapper → remember results) until the model answers or
/// the step limit is reached → fold old turns into the summary when memory outgrows the context budget.
/// </summary>
internal static class AssistantLoop
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    public static async Task<AssistantTurnResult> RunTurnAsync(TaskOrchestrationContext context, AssistantTurnRequest turn)
    {
        var turnId = context.InstanceId;
        var profile = await context.CallActivityAsync<AgentProfile>(nameof(DescribeAgent), new AgentProfileRequest(turn.Agent, AgentCatalog.PermissionsOf(turn.Agent)), Retry);
        var tools = new DurableTools(context, new ToolCaller(turn.RequestedBy, turn.Agent, AgentCatalog.PermissionsOf(turn.Agent)), turn.RunId);
        await RememberAsync(context, turn, $"{turnId}:user", [ConversationMessage.User(turn.Message)]);

        var traces = new List<ToolCallTrace>();
        var approvals = 0;
        AssistantStep? plan = null;
        for (var step = 1; step <= profile.MaxStepsPerTurn; step++)
        {
            Status(context, turn, "planning", step);
            plan = await context.CallActivityAsync<AssistantStep>(nameof(PlanAssistantStep), new AssistantStepRequest(turn.SessionId, turnId, step, turn.Agent, profile.Tools, traces.Count), Retry);
            if (plan.ToolCalls.Count == 0)
            {
                await context.CallActivityAsync<CompactionResult>(nameof(CompactMemory), turn.SessionId, Retry);
                Status(context, turn, "completed", step);
                return new AssistantTurnResult(turn.SessionId, plan.Reply ?? "", step, false, traces, plan.Model, plan.Mode);
            }

            var results = new List<ConversationMessage>();
            foreach (var call in plan.ToolCalls)
            {
                ToolCallTrace trace;
                string output;
                if (call.Guard == ToolGuardDecisions.Block)
                {
                    output = Error(ToolCallOutcomes.BlockedByPolicy, call.GuardReason ?? $"Policy blocks {call.Tool}.");
                    traces.Add(new ToolCallTrace(call.Tool, ToolCallOutcomes.BlockedByPolicy));
                    results.Add(ConversationMessage.ToolResult(call.CallId, call.Tool, output));
                    continue;
                }

                if (call.Risk == ToolRisks.High || call.Guard == ToolGuardDecisions.RequireApproval)
                {
                    var request = ApprovalFor(context, turn, call, ++approvals);
                    Status(context, turn, "awaiting_approval", step, call.Tool, request.ApprovalId);
                    var approval = await context.CallSubOrchestratorAsync<ApprovalOutcome>(nameof(RequestApproval), request, new SubOrchestrationOptions { InstanceId = request.ApprovalId });
                    if (approval.Decision != ApprovalDecisions.Approve)
                    {
                        var why = approval.Decision == ApprovalDecisions.TimedOut ? "no approver answered in time" : $"{approval.DecidedBy} answered {approval.Decision}" + (approval.Comment is { } c ? $": {c}" : "");
                        output = Error(ToolCallOutcomes.ApprovalDenied, $"A person must approve {call.Tool} and did not: {why}. Do not retry it in this turn.");
                        traces.Add(new ToolCallTrace(call.Tool, ToolCallOutcomes.ApprovalDenied, request.ApprovalId, approval.Decision, approval.DecidedBy));
                        results.Add(ConversationMessage.ToolResult(call.CallId, call.Tool, output));
                        continue;
                    }

                    trace = new ToolCallTrace(call.Tool, "", request.ApprovalId, approval.Decision, approval.DecidedBy);
                }
                else
                {
                    trace = new ToolCallTrace(call.Tool, "");
                }

                Status(context, turn, "calling_tool", step, call.Tool);
                var result = await tools.CallAsync(call.Tool, call.Arguments);
                output = result.Succeeded ? result.Output?.GetRawText() ?? "null" : Error(result.Error!.Code, result.Error.Message, result.Error.Details);
                traces.Add(trace with { Outcome = result.Succeeded ? ToolCallOutcomes.Succeeded : result.Error!.Code });
                results.Add(ConversationMessage.ToolResult(call.CallId, call.Tool, output));
            }

            await RememberAsync(context, turn, $"{turnId}:step:{step}:results", results);
        }

        // Bounded: the model kept calling tools. Say so rather than loop on.
        var stopped = $"I stopped after {profile.MaxStepsPerTurn} steps without a final answer; the tool results so far are in this conversation.";
        await RememberAsync(context, turn, $"{turnId}:limit", [ConversationMessage.Assistant(stopped)]);
        await context.CallActivityAsync<CompactionResult>(nameof(CompactMemory), turn.SessionId, Retry);
        Status(context, turn, "stopped_at_limit", profile.MaxStepsPerTurn);
        return new AssistantTurnResult(turn.SessionId, stopped, profile.MaxStepsPerTurn, true, traces, plan?.Model ?? "", plan?.Mode ?? "");
    }

    private static Task<int> RememberAsync(TaskOrchestrationContext context, AssistantTurnRequest turn, string key, IReadOnlyList<ConversationMessage> messages) =>
        context.CallActivityAsync<int>(nameof(RememberMessages), new MemoryAppend(turn.SessionId, turn.Agent, key, messages), Retry);

    private static ApprovalRequest ApprovalFor(TaskOrchestrationContext context, AssistantTurnRequest turn, PlannedToolCall call, int round)
    {
        var id = $"{context.InstanceId}-approval-{round}";
        var arguments = call.Arguments.GetRawText();
        return new ApprovalRequest(
            ApprovalId: id,
            InstanceId: id,
            RunId: turn.RunId,
            Agent: turn.Agent,
            Action: new ApprovalAction(call.Tool, $"Run {call.Tool} with {arguments}", null, null, null, null),
            Reason: call.GuardReason ?? $"{call.Tool} is a high-risk tool: a person approves every call.",
            Context: $"Asked by {turn.RequestedBy}: {turn.Message}",
            Evidence: $"The assistant chose {call.Tool} with arguments {arguments}.",
            Approvers: turn.Policy.Approvers,
            ExpiresAt: context.CurrentUtcDateTime.Add(turn.Policy.ApprovalTimeout),
            Round: round,
            RequestedBy: turn.RequestedBy);
    }

    private static string Error(string code, string message, IReadOnlyList<string>? details = null) =>
        JsonSerializer.Serialize(new { error = new { code, message, details } });

    private static void Status(TaskOrchestrationContext context, AssistantTurnRequest turn, string step, int modelStep, string? tool = null, string? approvalId = null) =>
        context.SetCustomStatus(new AssistantProgress(turn.Agent, step, modelStep, tool, approvalId));
}
