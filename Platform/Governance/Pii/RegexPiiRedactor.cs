using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// Offline PII and secret redaction with regular expressions plus checksums (Luhn, mod-97, SSN rules),
/// reporting Presidio entity names and replacing each finding with <c>&lt;TYPE&gt;</c>.
/// </summary>
public sealed partial class RegexPiiRedactor : IPiiRedactor
{
    private const int TimeoutMs = 2000;
    private const string ValueGroup = "v";

    private static readonly Recognizer[] Recognizers =
    [
        new(PiiEntityTypes.EmailAddress, Email(), 1.0, Trigger: "@"),
        new(PiiEntityTypes.PhoneNumber, UsPhone(), 0.75),
        new(PiiEntityTypes.PhoneNumber, E164Phone(), 0.75, IsE164),
        new(PiiEntityTypes.PhoneNumber, BarePhoneWithContext(), 0.6, IsNanp),
        new(PiiEntityTypes.CreditCard, CreditCard(), 1.0, IsCreditCard),
        new(PiiEntityTypes.UsSsn, SsnWithSeparators(), 0.85, v => PiiChecksums.UsSsn(v)),
        new(PiiEntityTypes.UsSsn, BareSsnWithContext(), 0.7, v => PiiChecksums.UsSsn(v)),
        new(PiiEntityTypes.IbanCode, Iban(), 1.0, v => PiiChecksums.Iban(v)),
        new(PiiEntityTypes.IpAddress, IPv4(), 0.95),
        new(PiiEntityTypes.IpAddress, IPv6(), 0.95, IsIPv6, Trigger: ":"),
        new(PiiEntityTypes.Secret, PrivateKeyBlock(), 1.0, Trigger: "PRIVATE KEY-----"),
        new(PiiEntityTypes.Secret, AwsAccessKeyId(), 1.0),
        new(PiiEntityTypes.Secret, AwsSecretKey(), 1.0),
        new(PiiEntityTypes.Secret, Jwt(), 1.0, Trigger: "eyJ"),
        new(PiiEntityTypes.Secret, GitHubToken(), 1.0),
        new(PiiEntityTypes.Secret, SlackToken(), 1.0),
        new(PiiEntityTypes.Secret, BearerToken(), 0.95),
        new(PiiEntityTypes.Secret, KeyValueSecret(), 0.95),
        new(PiiEntityTypes.Secret, PasswordAssignment(), 0.9),
        new(PiiEntityTypes.Secret, UrlCredentials(), 0.9, Trigger: "://"),
        new(PiiEntityTypes.Secret, ApiKeyPrefixed(), 0.9, Trigger: "sk-"),
    ];

    public const string Policy = "pii-regex/1.0.0";

    public string PolicyVersion => Policy;

    public PiiRedaction Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = Detect(text);
        if (findings.Count == 0)
        {
            return new PiiRedaction(text, findings);
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var finding in findings)
        {
            builder.Append(text, position, finding.Start - position).Append('<').Append(finding.Type).Append('>');
            position = finding.End;
        }

        builder.Append(text, position, text.Length - position);
        return new PiiRedaction(builder.ToString(), findings);
    }

    /// <summary>Non-overlapping findings in text order; where candidates overlap the higher score, then the longer span, wins.</summary>
    public static IReadOnlyList<PiiFinding> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidates = new List<PiiFinding>();
        foreach (var recognizer in Recognizers)
        {
            if (recognizer.Trigger is { } trigger && !text.Contains(trigger, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in recognizer.Pattern.Matches(text))
            {
                var span = match.Groups[ValueGroup] is { Success: true } value ? (Group)value : match;
                if (span.Length == 0 || (recognizer.Validate is { } validate && !validate(span.Value)))
                {
                    continue;
                }

                candidates.Add(new PiiFinding(recognizer.Type, span.Index, span.Index + span.Length, recognizer.Score));
            }
        }

        candidates.Sort(static (a, b) =>
            b.Score.CompareTo(a.Score) is var byScore && byScore != 0 ? byScore
            : (b.End - b.Start).CompareTo(a.End - a.Start) is var byLength && byLength != 0 ? byLength
            : a.Start.CompareTo(b.Start));

        // Characters already claimed by a better finding: checking a candidate costs its own length only.
        var claimed = new bool[text.Length];
        var accepted = new List<PiiFinding>();
        foreach (var candidate in candidates)
        {
            if (claimed.AsSpan(candidate.Start, candidate.End - candidate.Start).Contains(true))
            {
                continue;
            }

            claimed.AsSpan(candidate.Start, candidate.End - candidate.Start).Fill(true);
            accepted.Add(candidate);
        }

        accepted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    private static bool IsE164(string value) => CountDigits(value) is >= 8 and <= 15;

    private static bool IsNanp(string value) => value.Length == 10 && value[0] >= '2' && value[3] >= '2';

    private static bool IsCreditCard(string value)
    {
        var digits = CountDigits(value);
        // Issuer prefixes 2 (Mastercard 2-series), 3 (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard), 6 (Discover, UnionPay):
        // an order number starting with 1, 7, 8, 9 or 0 is never a payment card.
        return digits is >= 13 and <= 19
            && value[0] is >= '2' and <= '6'
            && !(value.Contains(' ', StringComparison.Ordinal) && value.Contains('-', StringComparison.Ordinal))
            && PiiChecksums.Luhn(value);
    }

    private static bool IsIPv6(string value) =>
        value.Length >= 3
        && value.AsSpan().ContainsAnyExcept(':')
        && IPAddress.TryParse(value, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static int CountDigits(string value)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>One pattern; <see cref="Trigger"/> is text every match contains, so the regex is skipped when it is absent.</summary>
    private sealed record Recognizer(string Type, Regex Pattern, double Score, Func<string, bool>? Validate = null, string? Trigger = null);

    // Not the password in scheme://user:password@host (that is a SECRET).
    [GeneratedRegex(@"(?<![\w.+%-])(?<!://[^\s:/@]{1,64}:)[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Email();

    // NANP: area code and exchange start with 2-9; separators required so bare digit runs (order numbers) stay.
    [GeneratedRegex(@"(?<![\w+.-])(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?!\w|[.-]\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex UsPhone();

    [GeneratedRegex(@"(?<![\w+])\+[1-9](?:[ .-]?\d){6,14}(?!\w|[.-]\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex E164Phone();

    [GeneratedRegex(@"\b(?:phone|tel|telephone|mobile|cell|call|sms|fax|whatsapp)\b[^\d\n]{0,15}(?<v>(?<![\w-])\d{10}(?![\w-]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex BarePhoneWithContext();

    // Not the digits of an IBAN ("DE89 3704 ..."), which a card shape can match too.
    [GeneratedRegex(@"(?<![\w-])(?<![A-Z]{2}\d{2} )(?:\d[ -]?){12,18}\d(?!\w|-\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex CreditCard();

    [GeneratedRegex(@"(?<![\w-])\d{3}(?<sep>[- ])\d{2}\k<sep>\d{4}(?!\w|-\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex SsnWithSeparators();

    [GeneratedRegex(@"\b(?:ssn|social security(?: number| no\.?| #)?)[^\d\n]{0,15}(?<v>(?<![\w-])\d{9}(?![\w-]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex BareSsnWithContext();

    [GeneratedRegex(@"(?<!\w)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?!\w)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Iban();

    // Dotted quads after "version"/"ver"/"v" are software versions, not addresses.
    [GeneratedRegex(@"(?<![\w.])(?<!\b(?i:version|ver|v)[\s:=]*)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex IPv4();

    [GeneratedRegex(@"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?![\w:])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex IPv6();

    // Without an END line the rest of the text is treated as key material: safer to over-redact.
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"\baws_secret_access_key\b[""']?\s*[=:]\s*[""']?(?<v>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex AwsSecretKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abprs]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bbearer\s+(?<v>[A-Za-z0-9._~+/-]{16,}=*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex BearerToken();

    // Connection-string and config style keys: only the value is replaced, so "AccountKey=<SECRET>" stays readable.
    [GeneratedRegex(@"\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig|client[_-]?secret|api[_-]?key|secret[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key)[""']?\s*[=:]\s*[""']?(?<v>[A-Za-z0-9+/=_.%~-]{16,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(@"\b(?:password|passwd|pwd)[""']?\s*=\s*[""']?(?<v>[^\s;""']{4,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex PasswordAssignment();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@]{1,64}:(?<v>[^\s@/]{1,128})@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?<![\w-])sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex ApiKeyPrefixed();
}
