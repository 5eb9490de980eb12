using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// The recognizers' regular expressions, source-generated. A group named <c>v</c>, when present, is the finding
/// (the rest of the match is context, e.g. <c>AccountKey=</c>). Patterns starting with <c>\G</c> are tried only at
/// the start of their window (an anchor word's position), not at every position of it.
/// </summary>
internal static partial class PiiPatterns
{
    private const int TimeoutMs = 2000;

    // Patterns run only on bounded windows (a token, a line stretch of at most ~1 KB, a digit cluster) have no timeout:
    // their backtracking is bounded by the window, and a timeout costs a clock read per call (several per message).
    private const int WindowTimeoutMs = Timeout.Infinite;

    // Not the password in scheme://user:password@host (that is a SECRET).
    [GeneratedRegex(@"(?<![\w.+%-])(?<!://[^\s:/@]{1,64}:)[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex Email();

    // Trailing sentence punctuation is not part of the address.
    [GeneratedRegex(@"\b(?:https?|ftp)://[^\s<>""'`]+?(?=[.,;:!?)\]}'""]*(?:[\s<>""'`]|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex Url();

    [GeneratedRegex(@"(?<![\w./@-])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][^\s<>""'`]*?)?(?=[.,;:!?)\]}'""]*(?:[\s<>""'`]|$))", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex WwwUrl();

    // NANP: area code and exchange start with 2-9; separators required so bare digit runs (order numbers) stay.
    [GeneratedRegex(@"(?<![\w+.-])(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?!\w|[.-]\d)", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex UsPhone();

    [GeneratedRegex(@"(?<![\w+])\+[1-9]\d{0,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d){4,13}(?!\w|[.-]\d)", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex E164Phone();

    // A bare run of 8 to 17 digits: a phone, SSN, routing or account number only when context words say so.
    [GeneratedRegex(@"(?<![\w.,/:+-])\d{8,17}(?![\w/-]|[.,:]\d)", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex DigitRun();

    // Not the digits of an IBAN ("DE89 3704 ..."), which a card shape can match too.
    [GeneratedRegex(@"(?<![\w.-])(?<![A-Z]{2}\d{2} )(?:\d[ -]?){12,18}\d(?!\w|[.-]\d)", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex CreditCard();

    [GeneratedRegex(@"(?<![\w.-])\d{3}-\d{2}-\d{4}(?!\w|[.-]\d)", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex SsnDashed();

    [GeneratedRegex(@"(?<![\w. -])\d{3} \d{2} \d{4}(?![\w-]| \d)", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex SsnSpaced();

    /// <summary>The longest <see cref="Iban"/> match (2 + 2 + 7 × 5 + 5 characters) plus the character its lookahead reads.</summary>
    public const int IbanReach = 45;

    [GeneratedRegex(@"(?<!\w)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?!\w)", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex Iban();

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex IPv4();

    [GeneratedRegex(@"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?![\w:])", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex IPv6();

    // Without an END line the rest of the text is treated as key material: safer to over-redact.
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*)", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"\baws_secret_access_key\b[""']?\s*[=:]\s*[""']?(?<v>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex AwsSecretKey();

    // An Azure storage account key on its own: 64 random bytes in base64.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex AzureStorageKey();

    [GeneratedRegex(@"\G\bSharedAccessSignature\s*=\s*(?<v>[^;\s""']{16,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex SharedAccessSignature();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex Jwt();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abprse]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex SlackToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\b(?:sk|rk|pk)_live_[0-9A-Za-z]{16,}", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex StripeKey();

    [GeneratedRegex(@"\G\bbearer\s+(?<v>[A-Za-z0-9._~+/-]{16,}=*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex BearerToken();

    // Connection-string and config style keys: only the value is replaced, so "AccountKey=<SECRET>" stays readable.
    [GeneratedRegex(@"\b(?:AccountKey|SharedAccessKey|sig|client[_-]?secret|api[_-]?key|apikey|x-api-key|secret|secret[_-]?key|access[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|token|private[_-]?key|subscription[_-]?key)[""']?\s*[=:]\s*[""']?(?<v>[A-Za-z0-9+/=_.%~-]{16,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex KeyValueSecret();

    [GeneratedRegex(@"\G\b(?:password|passwd|pwd|passphrase)[""']?\s*[=:]\s*[""']?(?<v>[^\s;,""']{4,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex PasswordAssignment();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@]{1,64}:(?<v>[^\s@/]{1,128})@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?<![\w-])sk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex ApiKeyPrefixed();

    // Person names without a model: a title, a labelled field, a greeting, or a sign-off in front of capitalised words.
    [GeneratedRegex(@"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Madam|Mme|Mlle|Herr|Frau)\.?[ \t]+(?<v>\p{Lu}[\p{L}'’-]+(?:[ \t]+(?:[A-Z]\.[ \t]+)?\p{Lu}[\p{L}'’-]+){0,2})", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex TitledName();

    [GeneratedRegex(@"\G\b(?i:name|full name|customer name|contact|contact person|attn|attention|cardholder|card holder|account holder|employee|patient|applicant|signed|signed by|reported by|requested by|submitted by|approved by|assigned to|caller|owner|from|to|cc)[ \t]*[:=][ \t]*(?<v>\p{Lu}[\p{Ll}'’-]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+\p{Lu}[\p{L}'’-]+){1,2})", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex LabelledName();

    [GeneratedRegex(@"\G\b(?i:reported by|requested by|submitted by|approved by|assigned to|escalated to|spoke with|spoke to|talked to|called|emailed|customer|client|caller|user|employee|contact|dear|hi|hello|hey)[ \t]+(?<v>\p{Lu}[\p{Ll}'’-]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+\p{Lu}[\p{L}'’-]+){1,2})", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex ContextName();

    [GeneratedRegex(@"\G\b(?i:dear|hi|hello|hey|thanks|thank you)[ \t]+(?<v>\p{Lu}[\p{Ll}'’-]{1,20})(?=[ \t]*[,!:\r\n])", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex GreetedName();

    [GeneratedRegex(@"\G\b(?i:regards|sincerely|thanks|thank you|cheers|best|best wishes|warm regards|kind regards)[,!.]?[ \t]*\r?\n[ \t]*(?:-{1,2}[ \t]*)?(?<v>\p{Lu}[\p{Ll}'’-]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})(?=[ \t]*(?:\r?\n|,|$))", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex SignedName();

    // Street addresses: house number, capitalised street name, a street suffix, optional unit, city, state and ZIP.
    [GeneratedRegex(@"(?<![\w.,/-])\d{1,5}[A-Za-z]?[ \t]+(?:(?:\p{Lu}[\p{L}'’-]+|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Trail|Crescent|Close|Row|Plaza|Alley|Loop|Pike)\b\.?(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl)\.?[ \t]*#?[A-Za-z0-9-]+|,?[ \t]+#[A-Za-z0-9-]+)?(?:,[ \t]*[A-Z][a-zA-Z]+(?:[ \t]+[A-Z][a-zA-Z]+){0,2})?(?:,?[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?)?", RegexOptions.CultureInvariant, WindowTimeoutMs)]
    public static partial Regex StreetAddress();

    [GeneratedRegex(@"\b(?:P\.?[ \t]?O\.?[ \t]+Box|PO Box)[ \t]+\d{1,6}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex PoBox();
}
