using System.Diagnostics;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace AiNative.Platform.Tests.Telemetry;

public sealed partial class PiiTelemetryRedactionTests
{
    private const string Email = "jane.doe@example.com";
    private const string Card = "4111 1111 1111 1111";

    [Fact]
    public void Spans_reach_the_exporter_without_pii_in_name_attributes_or_status()
    {
        using var source = new ActivitySource("pii-test-" + Guid.NewGuid());
        var exported = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(source.Name)
            .AddProcessor(new PiiRedactingSpanProcessor(new RegexPiiRedactor())).AddInMemoryExporter(exported).Build())
        using (var activity = source.StartActivity($"lookup {Email}"))
        {
            activity!.SetTag("customer.email", Email).SetTag("url.full", "https://shop.example.com/orders?id=7").SetTag("count", 3);
            activity.SetTag("error.detail", $"card {Card} declined");
            activity.SetStatus(ActivityStatusCode.Error, $"failed for {Email}");
        }

        var span = Assert.Single(exported);
        var everything = string.Join("|", new[] { span.DisplayName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}")));
        Assert.DoesNotContain(Email, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, everything, StringComparison.Ordinal);
        Assert.Contains("customer.email=<EMAIL_ADDRESS>", everything, StringComparison.Ordinal);
        Assert.Contains("url.full=https://shop.example.com/orders?id=7", everything, StringComparison.Ordinal); // URLs stay
        Assert.Equal(3, span.GetTagItem("count"));
    }

    [Fact]
    public void Log_records_reach_the_exporter_without_pii_in_message_or_attributes()
    {
        var exported = new List<LogRecord>();
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.AddProcessor(new PiiRedactingLogProcessor(new RegexPiiRedactor())).AddInMemoryExporter(exported);
        })))
        {
            LogCustomer(factory.CreateLogger("pii-test"), Email, Card);
        }

        var record = Assert.Single(exported);
        var everything = $"{record.FormattedMessage}|{record.Body}|{string.Join("|", record.Attributes!.Select(a => $"{a.Key}={a.Value}"))}";
        Assert.DoesNotContain(Email, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, everything, StringComparison.Ordinal);
        Assert.Contains("Customer <EMAIL_ADDRESS> paid with <CREDIT_CARD>", record.FormattedMessage, StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {Email} paid with {Card}")]
    private static partial void LogCustomer(ILogger logger, string email, string card);
}
