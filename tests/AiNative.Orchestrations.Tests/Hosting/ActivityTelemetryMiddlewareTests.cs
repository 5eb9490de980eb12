using System.Collections.Concurrent;
using System.Diagnostics;
using AiNative.Activities.Agents;
using AiNative.Activities.Tools;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Orchestrations.Tests.Hosting;

/// <summary>
/// The Functions host's activity middleware, invoked as the Functions worker invokes it. The Functions host (Core Tools)
/// is not available here, so the <see cref="FunctionContext"/> it would pass is a test double: that is the boundary.
/// </summary>
public sealed class ActivityTelemetryMiddlewareTests : IDisposable
{
    private static readonly ActivitySource FunctionsWorker = new("Test.Functions.Worker");
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ActivityListener listener;

    public ActivityTelemetryMiddlewareTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is PlatformTelemetry.Name or "Test.Functions.Worker",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task Wraps_an_activity_invocation_in_its_span_under_the_invocation_with_the_instance_id()
    {
        var instanceId = "run-" + Guid.NewGuid().ToString("N");
        var context = new FakeFunctionContext(nameof(AnalyzeIssue), "activityTrigger", new Dictionary<string, object?> { ["instanceId"] = instanceId });
        Activity? inside = null;

        using (var invocation = FunctionsWorker.StartActivity("Invoke AnalyzeIssue"))
        {
            await new ActivityTelemetryMiddleware().Invoke(context, _ =>
            {
                inside = Activity.Current;
                return Task.CompletedTask;
            });
        }

        var span = Assert.Single(spans, s => s.GetTagItem(PlatformTelemetry.InstanceIdTag) as string == instanceId);
        Assert.Same(span, inside);
        Assert.Equal("agent_step AnalyzeIssue", span.DisplayName);
        Assert.Equal("agent_step", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("billing-resolution", span.GetTagItem("gen_ai.agent.name"));
        var parent = Assert.Single(spans, s => s.DisplayName == "Invoke AnalyzeIssue" && s.SpanId == span.ParentSpanId);
        Assert.Equal(parent.TraceId, span.TraceId);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task Marks_the_span_failed_and_rethrows()
    {
        var instanceId = "run-" + Guid.NewGuid().ToString("N");
        var context = new FakeFunctionContext(nameof(ExecuteTool), "ActivityTrigger", new Dictionary<string, object?> { ["instanceId"] = instanceId });

        await Assert.ThrowsAsync<BillingException>(() => new ActivityTelemetryMiddleware().Invoke(context, _ => throw new BillingException("unknown customer C0")));

        var span = Assert.Single(spans, s => s.GetTagItem(PlatformTelemetry.InstanceIdTag) as string == instanceId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(BillingException).FullName, span.GetTagItem("error.type"));
        Assert.DoesNotContain(span.TagObjects, t => (t.Value?.ToString() ?? "").Contains("C0", StringComparison.Ordinal) && t.Key != PlatformTelemetry.InstanceIdTag);
    }

    [Fact]
    public async Task Leaves_other_triggers_alone()
    {
        var context = new FakeFunctionContext("StartRun", "httpTrigger", new Dictionary<string, object?>());
        var called = false;

        await new ActivityTelemetryMiddleware().Invoke(context, _ =>
        {
            called = true;
            Assert.Null(Activity.Current);
            return Task.CompletedTask;
        });

        Assert.True(called);
        Assert.DoesNotContain(spans, s => s.Source.Name == PlatformTelemetry.Name && s.GetTagItem("durabletask.task.name") as string == "StartRun");
    }
}
