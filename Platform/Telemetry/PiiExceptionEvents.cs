using System.Diagnostics;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Telemetry;

/// <summary>Records a failure on a span the one way the platform does it: status, <c>error.type</c> and a redacted exception event.</summary>
public static class SpanFailures
{
    // Keyless: telemetry only replaces (no hash or encryption keys), as in RedactPii().
    private static readonly RegexPiiRedactor Redactor = new();

    /// <summary>
    /// Marks <paramref name="span"/> failed: status <c>Error</c> (with <paramref name="statusDescription"/>, redacted, if
    /// given), <c>error.type</c>, and an <c>exception</c> event whose type is kept and whose message and stack text are redacted.
    /// </summary>
    public static void Record(Activity? span, Exception error, string? statusDescription = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (span is null)
        {
            return;
        }

        span.SetStatus(ActivityStatusCode.Error, PiiTelemetry.Redact(Redactor, statusDescription));
        span.SetTag("error.type", error.GetType().FullName);
        var tags = default(TagList);
        PiiExceptionRecorder.Redact(error, ref tags, Redactor);
        span.AddException(error, tags);
    }
}

/// <summary>
/// Exception events made by anyone (instrumentations' <c>RecordException</c>, OpenTelemetry's <c>RecordException</c>,
/// <see cref="Activity.AddException"/>) get a redacted <c>exception.message</c> and <c>exception.stacktrace</c>.
/// </summary>
/// <remarks>
/// .NET keeps an event's attributes immutable once added, so no span processor can clean them; but
/// <see cref="Activity.AddException"/> first asks every listener of the span's source
/// (<see cref="ActivityListener.ExceptionRecorder"/>) and only fills in the message and stack text the listeners left
/// unset. This listener samples nothing: it only takes part in exception recording, for every source.
/// Events that code builds by hand with <see cref="Activity.AddEvent"/> bypass it: none of the libraries the hosts
/// trace does that (checked for the pinned versions; see README, PII guardrails).
/// </remarks>
internal sealed class PiiExceptionRecorder : IDisposable
{
    private const string MessageTag = "exception.message";
    private const string StackTraceTag = "exception.stacktrace";

    private readonly ActivityListener listener;

    public PiiExceptionRecorder(IPiiRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            ExceptionRecorder = (Activity _, Exception exception, ref TagList tags) => Redact(exception, ref tags, redactor),
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Redacts string tags already given and sets redacted message and stack text where none was given.</summary>
    internal static void Redact(Exception exception, ref TagList tags, IPiiRedactor redactor)
    {
        bool hasMessage = false, hasStackTrace = false;
        for (var i = 0; i < tags.Count; i++)
        {
            var (key, value) = tags[i];
            hasMessage |= key == MessageTag;
            hasStackTrace |= key == StackTraceTag;
            if (value is string text && PiiTelemetry.Redact(redactor, text) is var clean && !ReferenceEquals(clean, text))
            {
                tags[i] = new(key, clean);
            }
        }

        if (!hasMessage)
        {
            tags.Add(MessageTag, PiiTelemetry.Redact(redactor, exception.Message));
        }

        if (!hasStackTrace)
        {
            tags.Add(StackTraceTag, PiiTelemetry.Redact(redactor, exception.ToString()));
        }
    }

    public void Dispose() => listener.Dispose();
}
