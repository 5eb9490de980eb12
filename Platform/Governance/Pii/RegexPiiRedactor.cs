namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// Offline PII and secret redaction: <see cref="PiiAnalyzer"/> (regular expressions, checksums, context words)
/// then the operators of <see cref="PiiRedactionOptions"/>, with Presidio entity names.
/// </summary>
public sealed class RegexPiiRedactor(PiiKeys keys) : IPiiRedactor
{
    public const string Policy = "pii-regex/2.0.0";

    /// <summary>A redactor without hash or encryption keys (those operators then fail, naming the setting).</summary>
    public RegexPiiRedactor()
        : this(PiiKeys.None)
    {
    }

    public string PolicyVersion => Policy;

    public PiiRedaction Redact(string text, PiiRedactionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = PiiAnalyzer.Analyze(text);
        return findings.Count == 0 ? new PiiRedaction(text, findings) : PiiOperators.Apply(text, findings, options ?? PiiRedactionOptions.Default, keys);
    }

    public IReadOnlyList<PiiFinding> Analyze(string text) => PiiAnalyzer.Analyze(text);

    /// <summary>Findings scoring at least the default minimum (0.5), in text order.</summary>
    public static IReadOnlyList<PiiFinding> Detect(string text) =>
        [.. PiiAnalyzer.Analyze(text).Where(f => f.Score >= PiiRedactionOptions.Default.MinScore)];
}
