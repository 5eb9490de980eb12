using System.Runtime.CompilerServices;
using AiNative.Platform.Governance.Pii;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.Telemetry;

/// <summary>
/// The logger factory's scopes as a provider sees them with <c>IncludeScopes</c>: PII replaced in scope values and in
/// the formatted scope text (<c>BeginScope("Customer {Email}", email)</c>, dictionaries, strings, other objects' text).
/// </summary>
/// <remarks>
/// Scopes are pushed once into the factory's shared provider and read back by every provider on every log line, so
/// redaction happens where they are read. Each scope object is redacted once (a weak cache keyed by the object), and a
/// scope without PII is handed on as the same object, so providers that look for their own scope types still find them.
/// </remarks>
internal sealed class PiiRedactingScopeProvider(IExternalScopeProvider inner, IPiiRedactor redactor) : IExternalScopeProvider
{
    private readonly ConditionalWeakTable<object, object> redacted = [];

    public void ForEachScope<TState>(Action<object?, TState> callback, TState state) =>
        inner.ForEachScope(static (scope, s) => s.Callback(s.Self.Redact(scope), s.State), (Self: this, Callback: callback, State: state));

    public IDisposable Push(object? state) => inner.Push(state);

    private object? Redact(object? scope) =>
        scope is null ? null : redacted.GetValue(scope, s => RedactScope(s, redactor));

    /// <summary>The scope itself when it holds no PII; otherwise a redacted stand-in (key/value scopes stay key/value scopes).</summary>
    internal static object RedactScope(object scope, IPiiRedactor redactor)
    {
        if (scope is string text)
        {
            return PiiTelemetry.Redact(redactor, text);
        }

        var formatted = scope.ToString();
        var cleanText = PiiTelemetry.Redact(redactor, formatted);
        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            var values = PiiRedactingLoggerProvider.RedactValues(pairs, redactor);
            return values is null && ReferenceEquals(cleanText, formatted)
                ? scope
                : new PiiRedactingLoggerProvider.RedactedState(cleanText ?? "", values ?? [.. pairs]);
        }

        return ReferenceEquals(cleanText, formatted) || cleanText is null ? scope : cleanText;
    }
}
