using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Governance;

/// <summary>
/// Rewrites a failure so that neither its message nor any inner exception's message carries personal data or secrets:
/// Durable records an activity's exception message and its inner failures in orchestration history (and the API shows them),
/// and remote systems put recipients, response bodies or prompt text in their error messages.
/// </summary>
/// <remarks>
/// The exception's type is kept wherever it can be recreated (a public <c>(string message)</c> or
/// <c>(string message, Exception innerException)</c> constructor), because orchestrations and retry policies decide on it
/// (<c>failure.IsCausedBy&lt;T&gt;()</c>); otherwise a <see cref="RedactedFailureException"/> names the original type.
/// The original stack trace is carried over as the new exception's remote stack trace.
/// </remarks>
public static class PiiExceptionRedaction
{
    /// <summary>The message recorded instead of one the redactor timed out on.</summary>
    public const string WithheldMessage = "(message withheld: PII redaction timed out)";

    private const int MaxDepth = 16;
    private static readonly Type[] MessageAndInner = [typeof(string), typeof(Exception)];
    private static readonly Type[] MessageOnly = [typeof(string)];

    /// <summary>
    /// The exception to throw in place of <paramref name="failure"/>, or <c>null</c> when redaction changes nothing in it or
    /// its inner exceptions (then rethrow the original, which keeps its stack trace untouched).
    /// </summary>
    public static Exception? Redact(Exception failure, IPiiRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(redactor);
        return RedactChain(failure, redactor, depth: 0);
    }

    private static Exception? RedactChain(Exception failure, IPiiRedactor redactor, int depth)
    {
        if (failure is AggregateException aggregate)
        {
            return RedactAggregate(aggregate, redactor, depth);
        }

        var inner = failure.InnerException;
        var keptInner = inner;
        if (inner is not null)
        {
            // A chain deeper than MaxDepth is cut there: what lies beyond is dropped rather than recorded unredacted.
            keptInner = depth + 1 >= MaxDepth ? null : RedactChain(inner, redactor, depth + 1) ?? inner;
        }

        var message = RedactMessage(failure.Message, redactor);
        if (ReferenceEquals(keptInner, inner) && string.Equals(message, failure.Message, StringComparison.Ordinal))
        {
            return null;
        }

        var type = failure.GetType();
        return WithStackTrace(Recreate(type, message, keptInner) ?? new RedactedFailureException(type, message, keptInner), failure);
    }

    private static AggregateException? RedactAggregate(AggregateException aggregate, IPiiRedactor redactor, int depth)
    {
        var changed = false;
        var inners = new List<Exception>(aggregate.InnerExceptions.Count);
        foreach (var inner in aggregate.InnerExceptions)
        {
            if (depth + 1 >= MaxDepth)
            {
                changed = true;
                continue;
            }

            var redacted = RedactChain(inner, redactor, depth + 1);
            changed |= redacted is not null;
            inners.Add(redacted ?? inner);
        }

        // The aggregate's message is built from its inner messages; its own part is replaced by the default if it had PII.
        var ownMessageChanged = !string.Equals(RedactMessage(aggregate.Message, redactor), aggregate.Message, StringComparison.Ordinal);
        if (!changed && !ownMessageChanged)
        {
            return null;
        }

        return (AggregateException)WithStackTrace(new AggregateException(inners), aggregate);
    }

    private static string RedactMessage(string message, IPiiRedactor redactor)
    {
        try
        {
            return redactor.Redact(message).Text;
        }
        catch (RegexMatchTimeoutException)
        {
            // Fail closed: a message the redactor cannot finish with is not recorded at all.
            return WithheldMessage;
        }
    }

    private static Exception? Recreate(Type type, string message, Exception? inner)
    {
        if (type.IsAbstract)
        {
            return null;
        }

        // Only constructors whose string is the message: ArgumentNullException(string) takes a parameter name.
        var withInner = MessageConstructor(type, MessageAndInner);
        var messageOnly = MessageConstructor(type, MessageOnly);
        try
        {
            return inner is not null && withInner is not null ? (Exception)withInner.Invoke([message, inner])
                : messageOnly is not null ? (Exception)messageOnly.Invoke([message])
                : withInner is not null ? (Exception)withInner.Invoke([message, null])
                : null;
        }
        catch (TargetInvocationException)
        {
            // The type's constructor refused the text (e.g. it parses it): fall back to the named wrapper.
            return null;
        }
    }

    private static ConstructorInfo? MessageConstructor(Type type, Type[] parameters)
    {
        var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, parameters);
        return constructor is not null && constructor.GetParameters()[0].Name == "message" ? constructor : null;
    }

    private static Exception WithStackTrace(Exception redacted, Exception original) =>
        original.StackTrace is { } trace ? ExceptionDispatchInfo.SetRemoteStackTrace(redacted, trace) : redacted;
}

/// <summary>
/// Stands in for a failure whose type could not be recreated with a redacted message: the message starts with the original
/// type's full name, and <see cref="OriginalType"/> keeps it for code that needs to tell failures apart.
/// </summary>
public sealed class RedactedFailureException : Exception
{
    public RedactedFailureException() { }

    public RedactedFailureException(string message) : base(message) { }

    public RedactedFailureException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>A stand-in for a <paramref name="originalType"/> failure whose message, already redacted, is <paramref name="redactedMessage"/>.</summary>
    public RedactedFailureException(Type originalType, string redactedMessage, Exception? innerException)
        : base($"{originalType?.FullName}: {redactedMessage}", innerException)
    {
        OriginalType = originalType?.FullName ?? "";
        RedactedMessage = redactedMessage ?? "";
    }

    /// <summary>The full name of the exception type this one replaces ("" when built from a message alone).</summary>
    public string OriginalType { get; } = "";

    /// <summary>The replaced exception's message, redacted, without the type name that <see cref="Exception.Message"/> starts with.</summary>
    public string RedactedMessage { get; } = "";
}
