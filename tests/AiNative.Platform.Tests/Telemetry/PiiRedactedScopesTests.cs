using AiNative.Platform.Governance.Pii;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace AiNative.Platform.Tests.Telemetry;

/// <summary><c>RedactPii()</c> covers logging scopes: the console with <c>IncludeScopes</c> and OpenTelemetry's exported scopes.</summary>
[Collection(ConsoleOutputCollection.Name)]
public sealed partial class PiiRedactedScopesTests
{
    private const string Email = "jane.doe@example.com";
    private const string Card = "4111 1111 1111 1111";
    private const string Ssn = "536-44-1287";

    [Theory]
    [InlineData("simple")]
    [InlineData("json")]
    public void Console_with_IncludeScopes_writes_scope_values_and_text_redacted(string formatter)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            // The console provider takes Console.Out when it is created and flushes its queue when disposed.
            using (var factory = LoggerFactory.Create(b =>
            {
                if (formatter == "json")
                {
                    b.AddJsonConsole(o => o.IncludeScopes = true);
                }
                else
                {
                    b.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; });
                }

                b.RedactPii();
            }))
            {
                LogInsideScopes(factory.CreateLogger("scopes-test"));
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var text = output.ToString();
        Assert.Contains("Refund issued to the customer", text, StringComparison.Ordinal);
        Assert.Contains("Customer <EMAIL_ADDRESS>", text.Replace("\\u003C", "<", StringComparison.Ordinal).Replace("\\u003E", ">", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("ssn on file <US_SSN>", text.Replace("\\u003C", "<", StringComparison.Ordinal).Replace("\\u003E", ">", StringComparison.Ordinal), StringComparison.Ordinal);
        if (formatter == "json")
        {
            // The JSON formatter writes key/value scopes as properties (the simple one only their ToString()).
            Assert.Contains("\"run\":\"run-42\"", text, StringComparison.Ordinal);
            Assert.Contains("\"card\":\"\\u003CCREDIT_CARD\\u003E\"", text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Ssn, text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenTelemetry_exports_scopes_redacted()
    {
        var exported = new List<LogRecord>();
        using (var factory = LoggerFactory.Create(b =>
        {
            b.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true;
                o.AddProcessor(new PiiRedactingLogProcessor(new RegexPiiRedactor())).AddInMemoryExporter(exported);
            });
            b.RedactPii();
        }))
        {
            LogInsideScopes(factory.CreateLogger("scopes-test"));
        }

        var record = Assert.Single(exported);
        var scopes = new List<string>();
        record.ForEachScope((scope, list) =>
        {
            list.Add(scope.Scope?.ToString() ?? "");
            foreach (var (key, value) in scope)
            {
                list.Add($"{key}={value}");
            }
        }, scopes);
        var all = string.Join("|", scopes);
        Assert.Contains("Email=<EMAIL_ADDRESS>", all, StringComparison.Ordinal);
        Assert.Contains("Customer <EMAIL_ADDRESS>", all, StringComparison.Ordinal);
        Assert.Contains("run=run-42", all, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, all, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, all, StringComparison.Ordinal);
        Assert.DoesNotContain(Ssn, all, StringComparison.Ordinal);
        Assert.Equal("Refund issued to the customer", record.Body ?? record.FormattedMessage);
    }

    /// <summary>A template scope, a dictionary scope, a plain string scope and a scope without PII, then one log line.</summary>
    private static void LogInsideScopes(ILogger logger)
    {
        using (logger.BeginScope("Customer {Email}", Email))
        using (logger.BeginScope(new Dictionary<string, object?> { ["card"] = Card, ["run"] = "run-42" }))
        using (logger.BeginScope($"ssn on file {Ssn}"))
        {
            RefundIssued(logger);
        }
    }

    [LoggerMessage(LogLevel.Information, "Refund issued to the customer")]
    private static partial void RefundIssued(ILogger logger);
}

/// <summary>Tests that redirect <see cref="Console.Out"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutputCollection
{
    public const string Name = "console output";
}
