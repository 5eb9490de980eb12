using System.Diagnostics;
using AiNative.Platform.Governance.Pii;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace AiNative.Platform.Telemetry;

/// <summary>
/// Defense in depth: PII that slipped past the edges is replaced in span names, attributes and status before any
/// exporter sees the span. URLs are kept (HTTP spans need them); personal data inside them is still replaced.
/// Span events cannot be rewritten (.NET keeps their attributes immutable): exception events are redacted as they are
/// made, by the <see cref="PiiExceptionRecorder"/> this processor keeps for the life of its tracer provider.
/// </summary>
public sealed class PiiRedactingSpanProcessor(IPiiRedactor redactor) : BaseProcessor<Activity>
{
    private readonly PiiExceptionRecorder exceptions = new(redactor);

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.DisplayName = PiiTelemetry.Redact(redactor, data.DisplayName);
        List<KeyValuePair<string, string>>? changed = null;
        foreach (var tag in data.TagObjects)
        {
            if (tag.Value is string text && PiiTelemetry.Redact(redactor, text) is var redacted && !ReferenceEquals(redacted, text))
            {
                (changed ??= []).Add(new(tag.Key, redacted));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }

        if (data.StatusDescription is { } status && PiiTelemetry.Redact(redactor, status) is var cleanStatus && !ReferenceEquals(cleanStatus, status))
        {
            data.SetStatus(data.Status, cleanStatus);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            exceptions.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Replaces PII in log record bodies, formatted messages and string attributes before any log exporter sees them.</summary>
public sealed class PiiRedactingLogProcessor(IPiiRedactor redactor) : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.FormattedMessage = PiiTelemetry.Redact(redactor, data.FormattedMessage);
        data.Body = PiiTelemetry.Redact(redactor, data.Body);
        if (data.Attributes is { Count: > 0 } attributes)
        {
            KeyValuePair<string, object?>[]? copy = null;
            for (var i = 0; i < attributes.Count; i++)
            {
                if (attributes[i].Value is string text && PiiTelemetry.Redact(redactor, text) is var redacted && !ReferenceEquals(redacted, text))
                {
                    copy ??= [.. attributes];
                    copy[i] = new(attributes[i].Key, redacted);
                }
            }

            if (copy is not null)
            {
                data.Attributes = copy;
            }
        }
    }
}

/// <summary>The redaction the telemetry processors apply.</summary>
internal static class PiiTelemetry
{
    /// <summary>Every entity but URL, replaced with <c>&lt;TYPE&gt;</c>.</summary>
    public static readonly PiiRedactionOptions Options = new()
    {
        Entities = new HashSet<string>(PiiEntityTypes.All.Where(t => t != PiiEntityTypes.Url), StringComparer.Ordinal),
    };

    /// <summary>The same instance when nothing was found (callers compare references to skip rewrites).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Redact(IPiiRedactor redactor, string? text)
    {
        if (text is null || text.Length < 6)
        {
            return text;
        }

        var redaction = redactor.Redact(text, Options);
        return redaction.Findings.Count == 0 ? text : redaction.Text;
    }
}
