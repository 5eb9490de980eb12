using System.Diagnostics;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AiNative.Platform.Tests.Telemetry;

/// <summary>A span that fails with an exception carrying PII is exported with the exception's type but none of the PII.</summary>
public sealed class PiiExceptionEventsTests
{
    private const string Email = "jane.doe@example.com";
    private const string Card = "4111 1111 1111 1111";

    public static TheoryData<string> Recorders => ["Activity.AddException", "OpenTelemetry RecordException", "SpanFailures.Record", "DurableSpans Fail"];

    [Theory]
    [MemberData(nameof(Recorders))]
    public void Exception_events_status_and_tags_carry_the_type_but_no_pii(string recorder)
    {
        using var source = new ActivitySource("pii-exceptions-" + Guid.NewGuid().ToString("N"));
        var instanceId = "run-pii-exceptions-" + Guid.NewGuid().ToString("N");
        var exported = new List<Activity>();
        var services = new ServiceCollection();
        // The hosts' own telemetry registration, with an in-memory exporter in place of OTLP / Azure Monitor.
        services.AddAiNativeTelemetry(new ConfigurationBuilder().Build(), "pii-exceptions-test")
            .WithTracing(t => t.AddSource(source.Name).AddInMemoryExporter(exported));
        using (var provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<TracerProvider>();
            var error = Thrown();
            if (recorder == "DurableSpans Fail")
            {
                using var scope = DurableSpans.StartActivityExecution("ChargeCard", instanceId, new ActivitySpanInfo(ActivitySpanKind.Step));
                scope.Fail(error);
            }
            else
            {
                using var span = source.StartActivity("charge");
                Assert.NotNull(span);
                switch (recorder)
                {
                    case "Activity.AddException":
                        // What instrumentations and the Functions worker do: the event, and the message as status.
                        span.AddException(error);
                        span.SetStatus(ActivityStatusCode.Error, error.Message);
                        break;
                    case "OpenTelemetry RecordException":
#pragma warning disable CS0618 // Obsolete, but still what older instrumentations call.
                        span.RecordException(error);
#pragma warning restore CS0618
                        span.SetStatus(ActivityStatusCode.Error, error.Message);
                        break;
                    default:
                        SpanFailures.Record(span, error, error.Message);
                        break;
                }
            }

            provider.GetRequiredService<TracerProvider>().ForceFlush();
        }

        // Other tests' platform spans may pass through this provider too: take this test's span only.
        var failed = Assert.Single(exported, s => s.Source.Name == source.Name || Equals(s.GetTagItem("ainative.orchestration.instance_id"), instanceId));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        var exception = Assert.Single(failed.Events, e => e.Name == "exception");
        var everything = string.Join("|", new[] { failed.DisplayName, failed.StatusDescription ?? "" }
            .Concat(failed.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(failed.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}.{t.Key}={t.Value}"))));
        Assert.DoesNotContain(Email, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, everything, StringComparison.Ordinal);
        var tags = exception.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("System.InvalidOperationException", tags["exception.type"]);
        Assert.Equal("charge declined for <EMAIL_ADDRESS> with card <CREDIT_CARD>", tags["exception.message"]);
        Assert.Contains(nameof(Thrown), (string)tags["exception.stacktrace"]!, StringComparison.Ordinal); // the stack stays
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException($"charge declined for {Email} with card {Card}");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }
}
