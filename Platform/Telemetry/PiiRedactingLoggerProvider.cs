using AiNative.Platform.Governance.Pii;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace AiNative.Platform.Telemetry;

/// <summary>
/// Puts every log output that is not OpenTelemetry's (console, debug, event source) behind the same PII redaction as
/// <see cref="PiiRedactingLogProcessor"/>: the formatted message, string state values and exception text; and every
/// provider's view of logging scopes (OpenTelemetry's included), which <c>IncludeScopes</c> writes out.
/// </summary>
public static class PiiRedactingLoggingExtensions
{
    /// <summary>
    /// Wraps the logger providers registered so far; call after the last <c>Add...</c> of a provider. OpenTelemetry's
    /// provider keeps its records (its exporters sit behind <see cref="PiiRedactingLogProcessor"/>, which keeps the
    /// structured attributes) and only gets redacted scopes, which no processor can rewrite. The redactor is the keyless
    /// <see cref="RegexPiiRedactor"/>: telemetry only replaces (no hash or encryption keys), and resolving the platform's
    /// redactor here would make logging depend on services that log.
    /// </summary>
    public static ILoggingBuilder RedactPii(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var redactor = new RegexPiiRedactor();
        var services = builder.Services;
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(ILoggerProvider) || descriptor.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(typeof(ILoggerProvider), sp => PiiRedactingLoggerProvider.Wrap(Resolve(sp, descriptor), redactor), descriptor.Lifetime);
        }

        return builder;
    }

    private static ILoggerProvider Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        (ILoggerProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}

/// <summary>A logger provider whose loggers hand the inner provider redacted messages, state, exceptions and scopes.</summary>
/// <remarks>
/// Filter rules name providers by alias (<c>Logging:Console:LogLevel</c>): the wrappers carry the alias of the
/// provider they wrap, so such rules still apply. Scopes are redacted where the provider reads them
/// (<see cref="PiiRedactingScopeProvider"/>).
/// </remarks>
public abstract class PiiRedactingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ILoggerProvider inner;
    private readonly IPiiRedactor redactor;
    private readonly bool redactRecords;

    private protected PiiRedactingLoggerProvider(ILoggerProvider inner, IPiiRedactor redactor, bool redactRecords = true)
    {
        this.inner = inner;
        this.redactor = redactor;
        this.redactRecords = redactRecords;
    }

    /// <summary>The provider itself when already wrapped; otherwise a wrapper with its alias (OpenTelemetry's: scopes only).</summary>
    public static ILoggerProvider Wrap(ILoggerProvider inner, IPiiRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(redactor);
        if (inner is PiiRedactingLoggerProvider)
        {
            return inner;
        }

        if (inner is OpenTelemetryLoggerProvider)
        {
            return new OpenTelemetryScopes(inner, redactor);
        }

        var alias = inner.GetType().GetCustomAttributes(typeof(ProviderAliasAttribute), inherit: false).OfType<ProviderAliasAttribute>().FirstOrDefault()?.Alias;
        return alias switch
        {
            "Console" => new Console(inner, redactor),
            "Debug" => new Debug(inner, redactor),
            "EventSource" => new EventSource(inner, redactor),
            _ => new Other(inner, redactor),
        };
    }

    public ILogger CreateLogger(string categoryName) =>
        redactRecords ? new RedactingLogger(inner.CreateLogger(categoryName), redactor) : inner.CreateLogger(categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope external)
        {
            external.SetScopeProvider(new PiiRedactingScopeProvider(scopeProvider, redactor));
        }
    }

    public void Dispose()
    {
        inner.Dispose();
        GC.SuppressFinalize(this);
    }

    [ProviderAlias("Console")]
    private sealed class Console(ILoggerProvider inner, IPiiRedactor redactor) : PiiRedactingLoggerProvider(inner, redactor);

    [ProviderAlias("Debug")]
    private sealed class Debug(ILoggerProvider inner, IPiiRedactor redactor) : PiiRedactingLoggerProvider(inner, redactor);

    [ProviderAlias("EventSource")]
    private sealed class EventSource(ILoggerProvider inner, IPiiRedactor redactor) : PiiRedactingLoggerProvider(inner, redactor);

    /// <summary>OpenTelemetry's provider: its records are redacted by <see cref="PiiRedactingLogProcessor"/>, its scopes here.</summary>
    [ProviderAlias("OpenTelemetry")]
    private sealed class OpenTelemetryScopes(ILoggerProvider inner, IPiiRedactor redactor) : PiiRedactingLoggerProvider(inner, redactor, redactRecords: false);

    private sealed class Other(ILoggerProvider inner, IPiiRedactor redactor) : PiiRedactingLoggerProvider(inner, redactor);

    private sealed class RedactingLogger(ILogger inner, IPiiRedactor redactor) : ILogger
    {
        // Only reached for inner providers that keep their own scopes; the factory's shared scopes are redacted on reading.
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            PiiRedactingScopeProvider.RedactScope(state, redactor) is var clean && !ReferenceEquals(clean, state) ? inner.BeginScope(clean) : inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var cleanMessage = PiiTelemetry.Redact(redactor, message);
            var values = RedactValues(state as IReadOnlyList<KeyValuePair<string, object?>>, redactor);
            var cleanException = RedactedException.Of(exception, redactor);
            if (ReferenceEquals(cleanMessage, message) && values is null && ReferenceEquals(cleanException, exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var cleanState = new RedactedState(cleanMessage, values ?? state as IReadOnlyList<KeyValuePair<string, object?>> ?? []);
            inner.Log(logLevel, eventId, cleanState, cleanException, static (s, _) => s.Message);
        }
    }

    /// <summary>A copy with PII replaced in string values (and in other objects' text), or null when nothing changed.</summary>
    internal static KeyValuePair<string, object?>[]? RedactValues(IEnumerable<KeyValuePair<string, object?>>? values, IPiiRedactor redactor)
    {
        if (values is null)
        {
            return null;
        }

        KeyValuePair<string, object?>[]? copy = null;
        var i = -1;
        foreach (var (key, value) in values)
        {
            i++;
            // The message template is code, not data; numbers, dates and ids stay typed.
            if (key == "{OriginalFormat}" || value is null or IConvertible and not string or Guid or DateTimeOffset or TimeSpan)
            {
                continue;
            }

            var text = value as string ?? value.ToString();
            if (PiiTelemetry.Redact(redactor, text) is { } redacted && !ReferenceEquals(redacted, text))
            {
                copy ??= [.. values];
                copy[i] = new(key, redacted);
            }
        }

        return copy;
    }

    /// <summary>The state (or scope) handed on: the redacted text and values (structured formatters such as JSON read the values).</summary>
    internal sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}

/// <summary>Stands in for an exception whose text held PII: same type name and stack in <see cref="ToString"/>, PII replaced.</summary>
public sealed class RedactedException : Exception
{
    private readonly string text = "";

    public RedactedException() { }

    public RedactedException(string message) : base(message) { }

    public RedactedException(string message, Exception inner) : base(message, inner) { }

    private RedactedException(string message, string text) : base(message) => this.text = text;

    /// <summary>The exception itself when its text holds no PII, otherwise a stand-in with the redacted text.</summary>
    internal static Exception? Of(Exception? exception, IPiiRedactor redactor)
    {
        if (exception is null)
        {
            return null;
        }

        var full = exception.ToString();
        var clean = PiiTelemetry.Redact(redactor, full);
        return ReferenceEquals(clean, full) ? exception : new RedactedException(PiiTelemetry.Redact(redactor, exception.Message), clean);
    }

    public override string ToString() => text.Length > 0 ? text : base.ToString();
}
