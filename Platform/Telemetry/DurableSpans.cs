using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;

namespace AiNative.Platform.Telemetry;

/// <summary>What an activity does, for its span name and GenAI attributes.</summary>
public enum ActivitySpanKind
{
    /// <summary>A plain step: span <c>activity {name}</c>.</summary>
    Step,

    /// <summary>An agent's reasoning step (model call): span <c>invoke_agent {agent}</c>.</summary>
    InvokeAgent,

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

    /// <summary>Starts the span of one activity execution; dispose the returned scope with the outcome recorded.</summary>
    public static ActivityExecutionScope StartActivityExecution(string activityName, string instanceId, ActivitySpanInfo info, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityName);
        ArgumentNullException.ThrowIfNull(info);
        var (spanName, operation) = info.Kind switch
        {
            ActivitySpanKind.InvokeAgent => ($"invoke_agent {info.GenAiName ?? activityName}", "invoke_agent"),
            ActivitySpanKind.ExecuteTool => ($"execute_tool {info.GenAiName ?? activityName}", "execute_tool"),
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
            else if (info.Kind == ActivitySpanKind.ExecuteTool)
            {
                span.SetTag("gen_ai.tool.name", info.GenAiName ?? activityName);
            }
        }

        return new ActivityExecutionScope(span, activityName, operation, info, timeProvider ?? TimeProvider.System);
    }

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

        /// <summary>Marks the execution failed: the exception type only, never its message (it may carry data).</summary>
        public void Fail(Exception error)
        {
            ArgumentNullException.ThrowIfNull(error);
            outcome = "error";
            span?.SetStatus(ActivityStatusCode.Error);
            span?.SetTag("error.type", error.GetType().FullName);
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
