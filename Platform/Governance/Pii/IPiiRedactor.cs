namespace AiNative.Platform.Governance.Pii;

/// <summary>Finds personal data and secrets in text and replaces them before anything is stored, logged or sent.</summary>
public interface IPiiRedactor
{
    /// <summary>The redaction policy's id and version, recorded as lineage on stored data.</summary>
    string PolicyVersion { get; }

    /// <summary>
    /// Redacts <paramref name="text"/>: every finding of an included entity type scoring at least
    /// <see cref="PiiRedactionOptions.MinScore"/> is rewritten by its operator. <c>null</c> options = <see cref="PiiRedactionOptions.Default"/>.
    /// </summary>
    PiiRedaction Redact(string text, PiiRedactionOptions? options = null);

    /// <summary>Every finding (non-overlapping, in text order, scores from 0.3 up); nothing is rewritten.</summary>
    IReadOnlyList<PiiFinding> Analyze(string text);
}

/// <summary>Redacted text and what was rewritten (offsets into the original text, UTF-16 code units).</summary>
public sealed record PiiRedaction(string Text, IReadOnlyList<PiiFinding> Findings);

/// <summary>One detected entity, with Presidio's entity name (e.g. <c>EMAIL_ADDRESS</c>); <c>End</c> is exclusive.</summary>
public sealed record PiiFinding(string Type, int Start, int End, double Score);
