namespace AiNative.Platform.Governance.Pii;

/// <summary>Finds personal data and secrets in text and replaces them before anything is stored, logged or sent.</summary>
public interface IPiiRedactor
{
    /// <summary>The redaction policy's id and version, recorded as lineage on stored data.</summary>
    string PolicyVersion { get; }

    PiiRedaction Redact(string text);
}

/// <summary>Redacted text and what was found (offsets into the original text, UTF-16 code units).</summary>
public sealed record PiiRedaction(string Text, IReadOnlyList<PiiFinding> Findings);

/// <summary>One detected entity, with Presidio's entity name (e.g. <c>EMAIL_ADDRESS</c>).</summary>
public sealed record PiiFinding(string Type, int Start, int End, double Score);
