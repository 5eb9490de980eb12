using AiNative.Platform.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.Tests.Telemetry;

/// <summary><c>RedactPii()</c>: console-like providers write messages, state and exceptions with PII replaced.</summary>
public sealed partial class PiiRedactingLoggerProviderTests
{
    private const string Email = "jane.doe@example.com";
    private const string Ssn = "536-44-1287";

    [Fact]
    public void Messages_state_values_and_exceptions_reach_the_provider_redacted()
    {
        var console = new CapturingConsole();
        using (var factory = LoggerFactory.Create(b => { b.Services.AddSingleton<ILoggerProvider>(console); b.RedactPii(); }))
        {
            var logger = factory.CreateLogger("test");
            Refunded(logger, Email, 3);
            logger.LogError(new InvalidOperationException($"lookup failed for SSN {Ssn}"), "Lookup failed");
            Plain(logger, "nothing personal here");
        }

        Assert.Equal(3, console.Lines.Count);
        var all = string.Join("\n", console.Lines.Select(l => l.Message + "|" + l.Exception + "|" + string.Join(",", l.State.Select(kv => $"{kv.Key}={kv.Value}"))));
        Assert.DoesNotContain(Email, all, StringComparison.Ordinal);
        Assert.DoesNotContain(Ssn, all, StringComparison.Ordinal);
        Assert.Equal("Refund for <EMAIL_ADDRESS> after 3 attempts", console.Lines[0].Message);
        Assert.Contains(console.Lines[0].State, kv => kv.Key == "Customer" && Equals(kv.Value, "<EMAIL_ADDRESS>"));
        Assert.Contains(console.Lines[0].State, kv => kv.Key == "Attempts" && Equals(kv.Value, 3)); // numbers stay typed
        Assert.Contains(console.Lines[0].State, kv => kv.Key == "{OriginalFormat}" && Equals(kv.Value, "Refund for {Customer} after {Attempts} attempts"));
        Assert.Contains("InvalidOperationException", console.Lines[1].Exception, StringComparison.Ordinal);
        Assert.Contains("<US_SSN>", console.Lines[1].Exception, StringComparison.Ordinal);
        Assert.Equal("Plain nothing personal here", console.Lines[2].Message);
    }

    [Fact]
    public void Filter_rules_naming_the_wrapped_providers_alias_still_apply()
    {
        var console = new CapturingConsole();
        using (var factory = LoggerFactory.Create(b =>
        {
            b.Services.AddSingleton<ILoggerProvider>(console);
            b.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule("Console", null, LogLevel.Error, null)));
            b.RedactPii();
        }))
        {
            var logger = factory.CreateLogger("test");
            Plain(logger, "info is filtered out");
            logger.LogError("error passes");
        }

        Assert.Equal("error passes", Assert.Single(console.Lines).Message);
    }

    [LoggerMessage(LogLevel.Information, "Refund for {Customer} after {Attempts} attempts")]
    private static partial void Refunded(ILogger logger, string customer, int attempts);

    [LoggerMessage(LogLevel.Information, "Plain {Text}")]
    private static partial void Plain(ILogger logger, string text);

    [ProviderAlias("Console")]
    private sealed class CapturingConsole : ILoggerProvider
    {
        public List<(string Message, string? Exception, IReadOnlyList<KeyValuePair<string, object?>> State)> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingConsole owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Add((formatter(state, exception), exception?.ToString(), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
        }
    }
}
