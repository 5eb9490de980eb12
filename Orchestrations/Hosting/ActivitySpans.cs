using AiNative.Activities.Agents;
using AiNative.Activities.Approvals;
using AiNative.Activities.Tools;
using AiNative.Orchestrations.Agents;
using AiNative.Platform.Telemetry;

namespace AiNative.Orchestrations.Hosting;

/// <summary>
/// How each activity appears in traces: the billing agent's model steps as <c>agent_step</c> (the orchestration is its <c>invoke_agent</c>), its tools as
/// <c>execute_tool</c>, knowledge lookups as retrieval, approval steps as approval; anything else as a plain step.
/// </summary>
public static class ActivitySpans
{
    private static readonly Dictionary<string, ActivitySpanInfo> Known = new(StringComparer.Ordinal)
    {
        [nameof(ExtractTicketInfo)] = new(ActivitySpanKind.AgentStep, AgentCatalog.BillingResolution),
        [nameof(AnalyzeIssue)] = new(ActivitySpanKind.AgentStep, AgentCatalog.BillingResolution),
        [nameof(ExecuteTool)] = new(ActivitySpanKind.ExecuteTool),
        [nameof(RetrieveKnowledge)] = new(ActivitySpanKind.Retrieval),
        [nameof(PlanApproval)] = new(ActivitySpanKind.Approval),
        [nameof(RecordApprovalRequest)] = new(ActivitySpanKind.Approval),
        [nameof(NotifyApprovers)] = new(ActivitySpanKind.Approval),
        [nameof(CloseApprovalRequest)] = new(ActivitySpanKind.Approval),
    };

    private static readonly ActivitySpanInfo Step = new(ActivitySpanKind.Step);

    public static ActivitySpanInfo For(string activityName) => Known.GetValueOrDefault(activityName, Step);

    /// <summary>Starts the span of one activity execution (both hosts call this around the activity).</summary>
    public static DurableSpans.ActivityExecutionScope Start(string activityName, string instanceId) =>
        DurableSpans.StartActivityExecution(activityName, instanceId, For(activityName));
}
