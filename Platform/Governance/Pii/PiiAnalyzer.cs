using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// The Presidio-style analyzer: every recognizer proposes scored candidates (regex shape, checksum, context words),
/// and overlapping candidates resolve to the best (higher score, then longer span).
/// </summary>
public static class PiiAnalyzer
{
    /// <summary>Candidates scoring below this are not findings at all.</summary>
    public const double Floor = 0.3;

    private const int Before = 48;
    private const double NegativePenalty = 0.45;

    private static readonly PiiWords PhoneContext = new("phone", "tel", "telephone", "call", "called", "mobile", "cell", "fax", "sms", "text", "whatsapp", "reach", "contact", "number", "ph", "mob");
    private static readonly PiiWords NumberNegatives = new("order", "invoice", "inv", "ticket", "case", "ref", "reference", "tracking", "serial", "sku", "part", "po", "id", "transaction", "txn", "confirmation", "booking", "batch", "build", "version", "routing", "aba", "iban", "acct", "account", "isbn", "imei", "zip");
    private static readonly PiiWords CardContext = new("card", "credit", "debit", "visa", "mastercard", "amex", "discover", "cc", "pan", "payment", "paid", "charged", "cardholder");
    private static readonly PiiWords CardNegatives = new("order", "invoice", "inv", "ticket", "ref", "reference", "tracking", "serial", "sku", "part", "po", "transaction", "txn", "confirmation", "booking", "batch", "imei", "isbn", "routing", "shipment");
    private static readonly PiiWords SsnContext = new("ssn", "social", "security", "ss", "taxpayer", "tin", "itin");
    private static readonly PiiWords SsnNegatives = new("phone", "tel", "order", "invoice", "ticket", "ref", "reference", "part", "serial", "sku", "case", "zip");
    private static readonly PiiWords IpContext = new("ip", "host", "client", "server", "address", "addr", "from", "src", "dst", "remote", "peer", "gateway", "dns", "proxy", "login", "connected", "connection");
    private static readonly PiiWords IpNegatives = new("version", "ver", "v", "build", "release", "firmware", "revision", "rev", "sdk", "runtime", "package", "upgraded", "updated");
    private static readonly PiiWords BankContext = new("account", "acct", "checking", "savings", "deposit", "bank", "beneficiary");
    private static readonly PiiWords BankNegatives = new("routing", "aba", "order", "invoice", "phone", "card", "ticket", "tracking", "customer", "case", "ref");
    private static readonly PiiWords RoutingContext = new("routing", "aba", "rtn", "transit");
    private static readonly PiiWords SecretContext = new("key", "secret", "storage", "accountkey", "credential", "token");
    private static readonly PiiWords UrlContext = new("url", "link", "website", "site", "visit", "page");

    private static readonly PiiAnchor At = new(wholeWord: false, ignoreCase: false, "@");
    private static readonly PiiAnchor DoubleEquals = new(wholeWord: false, ignoreCase: false, "==");
    private static readonly PiiAnchor Colon = new(wholeWord: false, ignoreCase: false, ":");
    private static readonly PiiAnchor Scheme = new(wholeWord: false, ignoreCase: false, "://");
    private static readonly PiiAnchor Www = new(wholeWord: false, ignoreCase: false, "www.");
    private static readonly PiiAnchor SecretWords = new(wholeWord: false, ignoreCase: true,
        "key", "secret", "token", "sig", "password", "passwd", "pwd", "passphrase", "bearer", "SharedAccessSignature");
    private static readonly PiiAnchor Labels = new(wholeWord: true, ignoreCase: true,
        "name", "full", "customer", "contact", "attn", "attention", "cardholder", "card", "account", "employee", "patient", "applicant",
        "signed", "reported", "requested", "submitted", "approved", "assigned", "caller", "owner", "from", "to", "cc");
    private static readonly PiiAnchor NameCues = new(wholeWord: true, ignoreCase: true,
        "reported", "requested", "submitted", "approved", "assigned", "escalated", "spoke", "talked", "called", "emailed", "customer", "client",
        "caller", "user", "employee", "contact", "dear", "hi", "hello", "hey", "thanks", "thank");
    private static readonly PiiAnchor SignOffs = new(wholeWord: true, ignoreCase: true, "regards", "sincerely", "thanks", "thank", "cheers", "best", "wishes");
    private static readonly PiiAnchor StreetSuffixes = new(wholeWord: true, ignoreCase: false,
        "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Court", "Ct", "Way", "Place", "Pl", "Terrace",
        "Parkway", "Pkwy", "Circle", "Cir", "Highway", "Hwy", "Square", "Sq", "Trail", "Crescent", "Close", "Row", "Plaza", "Alley", "Loop", "Pike");

    private static readonly PiiRecognizer[] Recognizers =
    [
        new(PiiEntityTypes.EmailAddress, PiiPatterns.Email(), 1.0) { Scope = PiiScope.Token, Anchors = At },
        new(PiiEntityTypes.Url, PiiPatterns.Url(), 0.6) { Scope = PiiScope.Token, Anchors = Scheme, Context = UrlContext, ContextScore = 0.8 },
        new(PiiEntityTypes.Url, PiiPatterns.WwwUrl(), 0.6) { Scope = PiiScope.Token, Anchors = Www, Context = UrlContext, ContextScore = 0.8 },
        new(PiiEntityTypes.PhoneNumber, PiiPatterns.UsPhone(), 0.7) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Phone, Context = PhoneContext, ContextScore = 0.95, Negative = NumberNegatives },
        new(PiiEntityTypes.PhoneNumber, PiiPatterns.E164Phone(), 0.7) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Plus, Validate = IsE164, Context = PhoneContext, ContextScore = 0.95, Negative = NumberNegatives },
        new(PiiEntityTypes.PhoneNumber, PiiPatterns.DigitRun(), 0.6) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Validate = IsBareNanp, Context = PhoneContext, RequiresContext = true, Negative = NumberNegatives },
        new(PiiEntityTypes.CreditCard, PiiPatterns.CreditCard(), 0.8) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Card, Validate = IsCreditCard, Context = CardContext, ContextScore = 1.0, Negative = CardNegatives },
        new(PiiEntityTypes.UsSsn, PiiPatterns.SsnDashed(), 0.8) { Scope = PiiScope.DigitClusters, Shape = PiiShape.SsnDashed, Validate = PiiChecksums.UsSsn, Context = SsnContext, ContextScore = 1.0, Negative = SsnNegatives },
        new(PiiEntityTypes.UsSsn, PiiPatterns.SsnSpaced(), 0.6) { Scope = PiiScope.DigitClusters, Shape = PiiShape.SsnSpaced, Validate = PiiChecksums.UsSsn, Context = SsnContext, ContextScore = 0.95, Negative = SsnNegatives },
        new(PiiEntityTypes.UsSsn, PiiPatterns.DigitRun(), 0.7) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Validate = IsBareSsn, Context = SsnContext, RequiresContext = true, After = 0 },
        new(PiiEntityTypes.IbanCode, PiiPatterns.Iban(), 1.0) { Prefilter = PiiPrefilter.Upper, Validate = PiiChecksums.Iban },
        new(PiiEntityTypes.IpAddress, PiiPatterns.IPv4(), 0.8) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Dotted, Context = IpContext, ContextScore = 0.95, Negative = IpNegatives, After = 0 },
        new(PiiEntityTypes.IpAddress, PiiPatterns.IPv6(), 0.8) { Scope = PiiScope.Token, Anchors = Colon, Validate = IsIPv6, Context = IpContext, ContextScore = 0.95, Negative = IpNegatives, After = 0 },
        new(PiiEntityTypes.AbaRoutingNumber, PiiPatterns.DigitRun(), 0.85) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Validate = PiiChecksums.AbaRouting, Context = RoutingContext, RequiresContext = true, After = 0 },
        new(PiiEntityTypes.UsBankNumber, PiiPatterns.DigitRun(), 0.65) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Context = BankContext, RequiresContext = true, Negative = BankNegatives, After = 0 },
        new(PiiEntityTypes.Secret, PiiPatterns.PrivateKeyBlock(), 1.0) { Trigger = "PRIVATE KEY-----" },
        new(PiiEntityTypes.Secret, PiiPatterns.AwsAccessKeyId(), 1.0) { Prefilter = PiiPrefilter.Upper },
        new(PiiEntityTypes.Secret, PiiPatterns.AwsSecretKey(), 1.0) { Trigger = "_access_key" },
        new(PiiEntityTypes.Secret, PiiPatterns.AzureStorageKey(), 0.7) { Scope = PiiScope.Token, Anchors = DoubleEquals, Context = SecretContext, ContextScore = 0.95 },
        new(PiiEntityTypes.Secret, PiiPatterns.SharedAccessSignature(), 1.0) { Scope = PiiScope.Line, Anchors = SecretWords, Follow = PiiFollow.Mark, Forward = 1024 },
        new(PiiEntityTypes.Secret, PiiPatterns.Jwt(), 1.0) { Trigger = "eyJ" },
        new(PiiEntityTypes.Secret, PiiPatterns.GitHubToken(), 1.0) { Trigger = "_" },
        new(PiiEntityTypes.Secret, PiiPatterns.SlackToken(), 1.0) { Trigger = "xox" },
        new(PiiEntityTypes.Secret, PiiPatterns.GoogleApiKey(), 1.0) { Trigger = "AIza" },
        new(PiiEntityTypes.Secret, PiiPatterns.StripeKey(), 1.0) { Trigger = "_live_" },
        new(PiiEntityTypes.Secret, PiiPatterns.BearerToken(), 0.95) { Scope = PiiScope.Line, Anchors = SecretWords, Forward = 1024 },
        new(PiiEntityTypes.Secret, PiiPatterns.KeyValueSecret(), 0.95) { Scope = PiiScope.Line, Anchors = SecretWords, Follow = PiiFollow.Mark, Back = 24, Forward = 1024 },
        new(PiiEntityTypes.Secret, PiiPatterns.PasswordAssignment(), 0.9) { Scope = PiiScope.Line, Anchors = SecretWords, Follow = PiiFollow.Mark, Forward = 512 },
        new(PiiEntityTypes.Secret, PiiPatterns.UrlCredentials(), 0.9) { Trigger = "://", Scope = PiiScope.Token, Anchors = At },
        new(PiiEntityTypes.Secret, PiiPatterns.ApiKeyPrefixed(), 0.95) { Trigger = "sk-" },
        new(PiiEntityTypes.Person, PiiPatterns.TitledName(), 0.85) { Prefilter = PiiPrefilter.Upper, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.LabelledName(), 0.85) { Scope = PiiScope.Line, Anchors = Labels, Follow = PiiFollow.Mark, Forward = 72, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.ContextName(), 0.7) { Scope = PiiScope.Line, Anchors = NameCues, Follow = PiiFollow.Capital, Forward = 80, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.GreetedName(), 0.6) { Scope = PiiScope.Line, Anchors = NameCues, Follow = PiiFollow.Capital, Forward = 40, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.SignedName(), 0.7) { Scope = PiiScope.Line, Anchors = SignOffs, Follow = PiiFollow.NewLine, Forward = 100, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Location, PiiPatterns.StreetAddress(), 0.75) { Scope = PiiScope.Line, Anchors = StreetSuffixes, Back = 80, Forward = 80 },
        new(PiiEntityTypes.Location, PiiPatterns.PoBox(), 0.7) { Trigger = "Box" },
    ];

    /// <summary>Non-overlapping findings scoring at least <see cref="Floor"/>, in text order (UTF-16 offsets).</summary>
    public static IReadOnlyList<PiiFinding> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 4)
        {
            return [];
        }

        var span = text.AsSpan();
        var hasUpper = span.IndexOfAnyInRange('A', 'Z') >= 0;
        List<PiiFinding>? candidates = null;
        List<PiiDigitCluster>? digitWindows = null;
        Regex? sharedPattern = null;
        List<(int Index, int Length)>? sharedMatches = null;
        List<int>?[]? anchorHits = null;
        foreach (var recognizer in Recognizers)
        {
            if ((recognizer.Prefilter == PiiPrefilter.Upper && !hasUpper)
                || (recognizer.Trigger is { } trigger && !span.Contains(trigger, StringComparison.Ordinal)))
            {
                continue;
            }

            switch (recognizer.Scope)
            {
                case PiiScope.Text:
                    Scan(recognizer, text, 0, text.Length, ref candidates);
                    break;
                case PiiScope.DigitClusters:
                    digitWindows ??= PiiWindows.DigitClusters(span);
                    if (recognizer.Pattern == sharedPattern && sharedMatches is not null)
                    {
                        // Same regex as the previous recognizer (bare digit runs): its matches, judged by this one's rules.
                        foreach (var (index, length) in sharedMatches)
                        {
                            Consider(recognizer, text, index, length, ref candidates);
                        }

                        break;
                    }

                    sharedPattern = recognizer.Pattern;
                    sharedMatches = [];
                    foreach (var cluster in digitWindows)
                    {
                        if (!cluster.Fits(recognizer.Shape))
                        {
                            continue;
                        }

                        var (start, end) = (cluster.Start, cluster.End);
                        foreach (var match in recognizer.Pattern.EnumerateMatches(span[start..end]))
                        {
                            sharedMatches.Add((start + match.Index, match.Length));
                            Consider(recognizer, text, start + match.Index, match.Length, ref candidates);
                        }
                    }

                    break;
                default:
                    // Several recognizers share an anchor set (secret words, name cues): find its hits once per text.
                    var anchor = recognizer.Anchors!;
                    anchorHits ??= new List<int>?[PiiAnchor.Count];
                    var hits = anchorHits[anchor.Id] ??= anchor.FindAll(span);
                    ScanAnchored(recognizer, text, hits, ref candidates);
                    break;
            }
        }

        return candidates is null ? [] : Resolve(candidates);
    }

    private static void ScanAnchored(PiiRecognizer recognizer, string text, List<int> hits, ref List<PiiFinding>? candidates)
    {
        var span = text.AsSpan();
        var scannedTo = 0;
        foreach (var at in hits)
        {
            if (!PiiWindows.Follows(span, at, recognizer.Follow))
            {
                continue;
            }

            var (start, end) = recognizer.Scope == PiiScope.Token
                ? PiiWindows.Token(span, at)
                : PiiWindows.Line(span, at, recognizer.Back, recognizer.Forward);
            if (end <= scannedTo && !recognizer.AtWindowStart)
            {
                // An earlier window already covered this one (e.g. two '@' in one token); a \G pattern only ever tried its start.
                continue;
            }

            Scan(recognizer, text, start, end, ref candidates);
            scannedTo = end;
        }
    }

    private static void Scan(PiiRecognizer recognizer, string text, int start, int end, ref List<PiiFinding>? candidates)
    {
        if (recognizer.HasValueGroup)
        {
            for (var match = recognizer.Pattern.Match(text, start, end - start); match.Success; match = match.NextMatch())
            {
                var value = match.Groups["v"];
                var (index, length) = value.Success ? (value.Index, value.Length) : (match.Index, match.Length);
                Consider(recognizer, text, index, length, ref candidates);
            }
        }
        else
        {
            foreach (var match in recognizer.Pattern.EnumerateMatches(text.AsSpan(start, end - start)))
            {
                Consider(recognizer, text, start + match.Index, match.Length, ref candidates);
            }
        }
    }

    private static void Consider(PiiRecognizer recognizer, string text, int start, int length, ref List<PiiFinding>? candidates)
    {
        if (length == 0 || (recognizer.Validate is { } validate && !validate(text.AsSpan(start, length))))
        {
            return;
        }

        var score = recognizer.Score;
        if (recognizer.Context.Count > 0 || recognizer.Negative.Count > 0)
        {
            var before = text.AsSpan(Math.Max(0, start - Before), Math.Min(start, Before));
            var afterLength = Math.Min(recognizer.After, text.Length - start - length);
            var after = text.AsSpan(start + length, afterLength);
            var hasContext = recognizer.Context.In(before) || recognizer.Context.In(after);
            if (recognizer.RequiresContext && !hasContext)
            {
                return;
            }

            if (hasContext && recognizer.ContextScore > score)
            {
                score = recognizer.ContextScore;
            }
            else if (!hasContext && recognizer.Negative.In(before))
            {
                score -= NegativePenalty;
            }
        }

        if (score >= Floor)
        {
            (candidates ??= []).Add(new PiiFinding(recognizer.Type, start, start + length, Math.Round(score, 2)));
        }
    }

    /// <summary>Higher score first, then the longer span; a candidate overlapping one already kept is dropped.</summary>
    private static List<PiiFinding> Resolve(List<PiiFinding> candidates)
    {
        if (candidates.Count > 1)
        {
            candidates.Sort(static (a, b) =>
                b.Score.CompareTo(a.Score) is var byScore && byScore != 0 ? byScore
                : (b.End - b.Start).CompareTo(a.End - a.Start) is var byLength && byLength != 0 ? byLength
                : a.Start.CompareTo(b.Start));
        }

        var kept = new List<PiiFinding>(candidates.Count);
        foreach (var candidate in candidates)
        {
            // kept is ordered by Start: only the neighbours around the insertion point can overlap.
            var index = BinarySearchStart(kept, candidate.Start);
            if ((index > 0 && kept[index - 1].End > candidate.Start) || (index < kept.Count && kept[index].Start < candidate.End))
            {
                continue;
            }

            kept.Insert(index, candidate);
        }

        return kept;
    }

    private static int BinarySearchStart(List<PiiFinding> kept, int start)
    {
        int low = 0, high = kept.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (kept[mid].Start < start)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static bool IsE164(ReadOnlySpan<char> value) => CountDigits(value) is >= 8 and <= 15;

    private static bool IsBareNanp(ReadOnlySpan<char> value) =>
        (value.Length == 10 && value[0] >= '2' && value[3] >= '2') || (value.Length == 11 && value[0] == '1' && value[1] >= '2' && value[4] >= '2');

    private static bool IsBareSsn(ReadOnlySpan<char> value) => value.Length == 9 && PiiChecksums.UsSsn(value);

    private static bool IsCreditCard(ReadOnlySpan<char> value)
    {
        var digits = CountDigits(value);
        // Issuer prefixes 2 (Mastercard 2-series), 3 (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard), 6 (Discover, UnionPay):
        // an order number starting with 1, 7, 8, 9 or 0 is never a payment card.
        return digits is >= 13 and <= 19
            && value[0] is >= '2' and <= '6'
            && !(value.Contains(' ') && value.Contains('-'))
            && PiiChecksums.Luhn(value);
    }

    private static bool IsIPv6(ReadOnlySpan<char> value) =>
        value.Length >= 3
        && value.ContainsAnyExcept(':')
        && IPAddress.TryParse(value, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static int CountDigits(ReadOnlySpan<char> value)
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
}
