using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using AiNative.Platform.AgentPlane.Billing;

namespace AiNative.Platform.Telemetry;

/// <summary>What an activity does, for its span name and GenAI attributes.</summary>
public enum ActivitySpanKind
{
    /// <summary>A plain step: span <c>activity {name}</c>.</summary>
    Step,

    /// <summary>An agent's reasoning step (model call): span <c>invoke_agent {agent}</c>.</summary>
    InvokeAgent,

    /// <summary>
    /// One reasoning step of an agent (its model calls, <c>chat {model}</c>, run under it): span <c>agent_step {activity}</c>.
    /// The agent itself is the orchestration's <c>invoke_agent {agent}</c> span.
    /// </summary>
    AgentStep,

    /// <summary>A tool the agent uses: span <c>execute_tool {tool}</c>.</summary>
    ExecuteTool,

    /// <summary>Retrieval from the knowledge store: span <c>retrieval {name}</c>.</summary>
    Retrieval,

    /// <summary>A step of a human approval: span <c>approval {name}</c>.</summary>
    Approval,
}

/// <summary>How one activity is described in telemetry: its kind and, for agents and tools, the GenAI name.</summary>
public sealed record ActivitySpanInfo(ActivitySpanKind Kind, string? GenAiName = null);

/// <summary>
/// Spans for durable activity executions. Activities run once per attempt (never on replay), so a span started here
/// is never duplicated by orchestration replay; every span under it gets the instance id.
/// </summary>
public static class DurableSpans
{
    private static readonly Histogram<double> OperationDuration = PlatformTelemetry.Meter.CreateHistogram<double>(
        "ainative.operation.duration", "s", "Duration of durable activity executions, by operation and outcome.");

    private static readonly Counter<long> ToolCalls = PlatformTelemetry.Meter.CreateCounter<long>(
        "ainative.tool.calls", "{call}", "Tool calls made by agents, by tool and outcome.");

    private static readonly Counter<long> ToolRefusals = PlatformTelemetry.Meter.CreateCounter<long>(
        "ainative.tool.refusals", "{refusal}", "Tool calls refused: by the tool itself (invalid request) or by a person (rejected, timed-out approval), by tool and reason.");

    /// <summary>Counts one refused tool call: <paramref name="tool"/> is the tool or the approval-guarded action (e.g. <c>refund</c>).</summary>
    public static void CountToolRefusal(string tool, string reason, string? agent = null) =>
        ToolRefusals.Add(1,
            new KeyValuePair<string, object?>("gen_ai.tool.name", tool),
            new KeyValuePair<string, object?>("ainative.refusal.reason", reason),
            new KeyValuePair<string, object?>("gen_ai.agent.name", agent));

    /// <summary>Starts the span of one activity execution; dispose the returned scope with the outcome recorded.</summary>
    public static ActivityExecutionScope StartActivityExecution(string activityName, string instanceId, ActivitySpanInfo info, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityName);
        ArgumentNullException.ThrowIfNull(info);
        var (spanName, operation) = info.Kind switch
        {
            ActivitySpanKind.InvokeAgent => ($"invoke_agent {info.GenAiName ?? activityName}", "invoke_agent"),
            ActivitySpanKind.ExecuteTool => ($"execute_tool {info.GenAiName ?? activityName}", "execute_tool"),
            ActivitySpanKind.AgentStep => ($"agent_step {activityName}", "agent_step"),
            ActivitySpanKind.Retrieval => ($"retrieval {activityName}", "retrieval"),
            ActivitySpanKind.Approval => ($"approval {activityName}", "approval"),
            _ => ($"activity {activityName}", "activity"),
        };
        // Without a propagated parent (the engine carried no trace context), every activity of one instance joins
        // one trace derived from the instance id, under a stable span id that stands for the orchestration.
        var span = Activity.Current is null && !string.IsNullOrEmpty(instanceId)
            ? PlatformTelemetry.Source.StartActivity(spanName, ActivityKind.Internal, OrchestrationContext(instanceId))
            : PlatformTelemetry.Source.StartActivity(spanName, ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag(PlatformTelemetry.InstanceIdTag, instanceId);
            span.SetTag("durabletask.task.name", activityName);
            span.SetTag("durabletask.type", "activity");
            span.SetTag("gen_ai.operation.name", operation);
            if (info.Kind == ActivitySpanKind.InvokeAgent)
            {
                span.SetTag("gen_ai.agent.name", info.GenAiName);
            }
            else if (info.Kind == ActivitySpanKind.AgentStep)
            {
                span.SetTag("gen_ai.agent.name", info.GenAiName);
            }
            else if (info.Kind == ActivitySpanKind.ExecuteTool)
            {
                span.SetTag("gen_ai.tool.name", info.GenAiName ?? activityName);
            }
        }

        return new ActivityExecutionScope(span, activityName, operation, info, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Names the Durable Task SDK's span of a running agent orchestration <c>invoke_agent {agent}</c> with the GenAI
    /// attributes. Orchestrators call it on every episode: the SDK restarts the same span (same span id) per episode
    /// and exports it once, when the orchestration ends, so setting the same values again never duplicates a span.
    /// Without the SDK's span (a host that does not trace orchestrations) it does nothing.
    /// </summary>
    public static void DescribeAgentOrchestration(string instanceId, string agent)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        if (RunningOrchestration(instanceId) is not { } span)
        {
            return;
        }

        span.DisplayName = $"invoke_agent {agent}";
        span.SetTag("gen_ai.operation.name", "invoke_agent");
        span.SetTag("gen_ai.agent.name", agent);
        span.SetTag(PlatformTelemetry.InstanceIdTag, instanceId);
    }

    /// <summary>Names the SDK's span of a running approval orchestration <c>approval {name}</c> (see <see cref="DescribeAgentOrchestration"/>).</summary>
    public static void DescribeApprovalOrchestration(string instanceId, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (RunningOrchestration(instanceId) is not { } span)
        {
            return;
        }

        span.DisplayName = $"approval {name}";
        span.SetTag("gen_ai.operation.name", "approval");
        span.SetTag(PlatformTelemetry.InstanceIdTag, instanceId);
    }

    /// <summary>The Durable Task SDK's orchestration span when it is the current span and belongs to <paramref name="instanceId"/>.</summary>
    private static Activity? RunningOrchestration(string instanceId) =>
        Activity.Current is { } span
        && span.Source.Name == PlatformTelemetry.DurableTaskSourceName
        && span.OperationName.StartsWith("orchestration:", StringComparison.Ordinal)
        && span.GetTagItem(PlatformTelemetry.DurableInstanceIdTag) as string == instanceId
            ? span
            : null;

    /// <summary>The trace and parent span that stand for an orchestration instance when no trace context was propagated.</summary>
    public static ActivityContext OrchestrationContext(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(instanceId));
        return new ActivityContext(
            ActivityTraceId.CreateFromBytes(hash.AsSpan(0, 16)),
            ActivitySpanId.CreateFromBytes(hash.AsSpan(16, 8)),
            ActivityTraceFlags.Recorded,
            isRemote: true);
    }

    /// <summary>The running span of one activity execution; records duration and tool-call metrics when disposed.</summary>
    public sealed class ActivityExecutionScope : IDisposable
    {
        private readonly Activity? span;
        private readonly string activityName;
        private readonly string operation;
        private readonly ActivitySpanInfo info;
        private readonly TimeProvider timeProvider;
        private readonly long started;
        private string outcome = "ok";

        internal ActivityExecutionScope(Activity? span, string activityName, string operation, ActivitySpanInfo info, TimeProvider timeProvider)
        {
            this.span = span;
            this.activityName = activityName;
            this.operation = operation;
            this.info = info;
            this.timeProvider = timeProvider;
            started = timeProvider.GetTimestamp();
        }

        /// <summary>
        /// Marks the execution failed (<see cref="SpanFailures.Record"/>: the exception's type, its message and stack
        /// text PII-redacted). A tool that refuses the request (<see cref="BillingException"/>) counts as a refusal, not an error.
        /// </summary>
        public void Fail(Exception error)
        {
            ArgumentNullException.ThrowIfNull(error);
            outcome = error is BillingException && info.Kind == ActivitySpanKind.ExecuteTool ? "refused" : "error";
            if (outcome == "refused")
            {
                CountToolRefusal(info.GenAiName ?? activityName, "invalid-request");
            }

            SpanFailures.Record(span, error);
        }

        public void Dispose()
        {
            var seconds = timeProvider.GetElapsedTime(started).TotalSeconds;
            OperationDuration.Record(seconds,
                new KeyValuePair<string, object?>("ainative.operation", activityName),
                new KeyValuePair<string, object?>("gen_ai.operation.name", operation),
                new KeyValuePair<string, object?>("ainative.outcome", outcome));
            if (info.Kind == ActivitySpanKind.ExecuteTool)
            {
                // A generic tool activity (ExecuteTool) names the registry tool it ran on its span.
                ToolCalls.Add(1,
                    new KeyValuePair<string, object?>("gen_ai.tool.name", span?.GetTagItem("gen_ai.tool.name") as string ?? info.GenAiName ?? activityName),
                    new KeyValuePair<string, object?>("ainative.tool.outcome", outcome));
            }

            span?.Dispose();
        }
    }
}
