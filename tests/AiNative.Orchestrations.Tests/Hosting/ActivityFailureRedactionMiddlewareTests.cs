using System.Collections.Concurrent;
using System.Diagnostics;
using AiNative.Activities.Approvals;
using AiNative.Orchestrations.Hosting;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.Telemetry;

namespace AiNative.Orchestrations.Tests.Hosting;

/// <summary>
/// The Functions host's failure-redaction middleware, chained as <c>Functions/Program.cs</c> registers it (inside the
/// telemetry middleware) and invoked with a test double of the <see cref="Microsoft.Azure.Functions.Worker.FunctionContext"/>
/// the worker would pass (there is no Functions host here).
/// </summary>
public sealed class ActivityFailureRedactionMiddlewareTests : IDisposable
{
    private const string Email = "jane.roe@example.com";
    private const string Phone = "(415) 555-0132";
    private const string AccountKey = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg9PQ==";

    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ActivityListener listener;

    public ActivityFailureRedactionMiddlewareTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PlatformTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task An_activity_failure_leaves_with_its_type_kept_and_no_personal_data_in_it_or_its_span()
    {
        var instanceId = "run-" + Guid.NewGuid().ToString("N");
        var context = new FakeFunctionContext(nameof(NotifyApprovers), "activityTrigger", new Dictionary<string, object?> { ["instanceId"] = instanceId });
        var failure = new IngestContentMissingException(
            $"550 5.1.1 <{Email}>: recipient rejected (phone {Phone})",
            new IOException($"AccountName=acme;AccountKey={AccountKey}"));

        var thrown = await Assert.ThrowsAsync<IngestContentMissingException>(() => InvokeLikeTheWorker(context, () => throw failure));

        Assert.Equal("550 5.1.1 <<EMAIL_ADDRESS>>: recipient rejected (phone <PHONE_NUMBER>)", thrown.Message);
        Assert.IsType<IOException>(thrown.InnerException);
        var span = Assert.Single(spans, s => s.GetTagItem(PlatformTelemetry.InstanceIdTag) as string == instanceId);
        Assert.Equal(typeof(IngestContentMissingException).FullName, span.GetTagItem("error.type"));
        var recorded = thrown.ToString() + string.Join('\n', span.Events.SelectMany(e => e.Tags).Select(t => t.Value?.ToString()))
            + span.StatusDescription + string.Join('\n', span.TagObjects.Select(t => t.Value?.ToString()));
        string[] personal = [Email, "555-0132", AccountKey];
        Assert.Equal("", string.Join(", ", personal.Where(value => recorded.Contains(value, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_failure_without_personal_data_is_rethrown_as_it_was()
    {
        var context = new FakeFunctionContext(nameof(NotifyApprovers), "activityTrigger", new Dictionary<string, object?>());
        var failure = new KeyNotFoundException("Suite 'billing-extraction' has no case 'c-9'.");

        var thrown = await Assert.ThrowsAsync<KeyNotFoundException>(() => InvokeLikeTheWorker(context, () => throw failure));

        Assert.Same(failure, thrown);
    }

    [Theory]
    [InlineData("activityTrigger", true)]
    [InlineData("ActivityTrigger", true)]
    [InlineData("orchestrationTrigger", false)]
    [InlineData("httpTrigger", false)]
    [InlineData("queueTrigger", false)]
    public void Runs_only_for_activity_invocations(string trigger, bool expected) =>
        Assert.Equal(expected, ActivityFailureRedactionMiddleware.IsActivityInvocation(new FakeFunctionContext("F", trigger, new Dictionary<string, object?>())));

    /// <summary>Telemetry outside, redaction inside, as in <c>Functions/Program.cs</c>.</summary>
    private static Task InvokeLikeTheWorker(FakeFunctionContext context, Func<Task> function)
    {
        var redaction = new ActivityFailureRedactionMiddleware(new RegexPiiRedactor());
        return new ActivityTelemetryMiddleware().Invoke(context, c => redaction.Invoke(c, _ => function()));
    }
}
