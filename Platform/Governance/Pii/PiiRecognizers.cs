using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Pii;

/// <summary>The recognizer table: patterns, scores, context words, anchors and the cheap gates in front of each regex.</summary>
internal static class PiiRecognizers
{
    public static readonly PiiWords PhoneContext = new("phone", "tel", "telephone", "call", "called", "mobile", "cell", "fax", "sms", "text", "whatsapp", "reach", "contact", "number", "ph", "mob");
    public static readonly PiiWords NumberNegatives = new("order", "invoice", "inv", "ticket", "case", "ref", "reference", "tracking", "serial", "sku", "part", "po", "id", "transaction", "txn", "confirmation", "booking", "batch", "build", "version", "routing", "aba", "iban", "acct", "account", "isbn", "imei", "zip");
    public static readonly PiiWords CardContext = new("card", "credit", "debit", "visa", "mastercard", "amex", "discover", "cc", "pan", "payment", "paid", "charged", "cardholder");
    public static readonly PiiWords CardNegatives = new("order", "invoice", "inv", "ticket", "ref", "reference", "tracking", "serial", "sku", "part", "po", "transaction", "txn", "confirmation", "booking", "batch", "imei", "isbn", "routing", "shipment");
    public static readonly PiiWords SsnContext = new("ssn", "social", "security", "ss", "taxpayer", "tin", "itin");
    public static readonly PiiWords SsnNegatives = new("phone", "tel", "order", "invoice", "ticket", "ref", "reference", "part", "serial", "sku", "case", "zip");
    public static readonly PiiWords IpContext = new("ip", "host", "client", "server", "address", "addr", "from", "src", "dst", "remote", "peer", "gateway", "dns", "proxy", "login", "connected", "connection");
    public static readonly PiiWords IpNegatives = new("version", "ver", "v", "build", "release", "firmware", "revision", "rev", "sdk", "runtime", "package", "upgraded", "updated");
    public static readonly PiiWords BankContext = new("account", "acct", "checking", "savings", "deposit", "bank", "beneficiary");
    public static readonly PiiWords BankNegatives = new("routing", "aba", "order", "invoice", "phone", "card", "ticket", "tracking", "customer", "case", "ref");
    public static readonly PiiWords RoutingContext = new("routing", "aba", "rtn", "transit");
    public static readonly PiiWords SecretContext = new("key", "secret", "storage", "accountkey", "credential", "token");
    public static readonly PiiWords UrlContext = new("url", "link", "website", "site", "visit", "page");

    /// <summary>Every context-word set, answered together by one pass over a window.</summary>
    public static readonly PiiContextWords ContextWords = new(PhoneContext, NumberNegatives, CardContext, CardNegatives, SsnContext, SsnNegatives,
        IpContext, IpNegatives, BankContext, BankNegatives, RoutingContext, SecretContext, UrlContext);

    public static readonly PiiAnchor At = new(wholeWord: false, ignoreCase: false, "@");
    public static readonly PiiAnchor DoubleEquals = new(wholeWord: false, ignoreCase: false, "==");
    public static readonly PiiAnchor Colon = new(wholeWord: false, ignoreCase: false, ":");
    public static readonly PiiAnchor Scheme = new(wholeWord: false, ignoreCase: false, "://");
    public static readonly PiiAnchor Www = new(wholeWord: false, ignoreCase: false, "www.");
    public static readonly PiiAnchor SecretWords = new(wholeWord: false, ignoreCase: true,
        "key", "secret", "token", "sig", "password", "passwd", "pwd", "passphrase", "bearer", "SharedAccessSignature");

    // Subsets of the secret words: their hits are filtered from SecretWords' hits, not searched for again.
    public static readonly PiiAnchor Bearer = new(SecretWords, "bearer");
    public static readonly PiiAnchor SasWord = new(SecretWords, "SharedAccessSignature");
    public static readonly PiiAnchor PasswordWords = new(SecretWords, "password", "passwd", "pwd", "passphrase");
    public static readonly PiiAnchor Labels = new(wholeWord: true, ignoreCase: true,
        "name", "full", "customer", "contact", "attn", "attention", "cardholder", "card", "account", "employee", "patient", "applicant",
        "signed", "reported", "requested", "submitted", "approved", "assigned", "caller", "owner", "from", "to", "cc");
    public static readonly PiiAnchor NameCues = new(wholeWord: true, ignoreCase: true,
        "reported", "requested", "submitted", "approved", "assigned", "escalated", "spoke", "talked", "called", "emailed", "customer", "client",
        "caller", "user", "employee", "contact", "dear", "hi", "hello", "hey", "thanks", "thank");
    public static readonly PiiAnchor SignOffs = new(wholeWord: true, ignoreCase: true, "regards", "sincerely", "thanks", "thank", "cheers", "best", "wishes");
    public static readonly PiiAnchor StreetSuffixes = new(wholeWord: true, ignoreCase: false,
        "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Court", "Ct", "Way", "Place", "Pl", "Terrace",
        "Parkway", "Pkwy", "Circle", "Cir", "Highway", "Hwy", "Square", "Sq", "Trail", "Crescent", "Close", "Row", "Plaza", "Alley", "Loop", "Pike");

    public static readonly PiiAnchor Titles = new(wholeWord: true, ignoreCase: false,
        "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Madam", "Mme", "Mlle", "Herr", "Frau");

    /// <summary>Every whole-word anchor set, found in one pass over the text's words.</summary>
    public static readonly PiiWordAnchors WordAnchors = new(Labels, NameCues, SignOffs, StreetSuffixes, Titles);

    /// <summary>The recognizers, in the order their candidates are proposed.</summary>
    public static readonly PiiRecognizer[] All =
    [
        new(PiiEntityTypes.EmailAddress, PiiPatterns.Email(), 1.0) { Scope = PiiScope.Token, Anchors = At },
        new(PiiEntityTypes.Url, PiiPatterns.Url(), 0.6) { Triggers = ["://"], Scope = PiiScope.Token, Anchors = Scheme, Context = UrlContext, ContextScore = 0.8 },
        new(PiiEntityTypes.Url, PiiPatterns.WwwUrl(), 0.6) { Scope = PiiScope.Token, Anchors = Www, Context = UrlContext, ContextScore = 0.8 },
        new(PiiEntityTypes.PhoneNumber, PiiPatterns.UsPhone(), 0.7) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Phone, Context = PhoneContext, ContextScore = 0.95, Negative = NumberNegatives },
        new(PiiEntityTypes.PhoneNumber, PiiPatterns.E164Phone(), 0.7) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Plus, Validate = PiiValidators.IsE164, Context = PhoneContext, ContextScore = 0.95, Negative = NumberNegatives },
        new(PiiEntityTypes.PhoneNumber, PiiPatterns.DigitRun(), 0.6) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Validate = PiiValidators.IsBareNanp, Context = PhoneContext, RequiresContext = true, Negative = NumberNegatives },
        new(PiiEntityTypes.CreditCard, PiiPatterns.CreditCard(), 0.8) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Card, Validate = PiiValidators.IsCreditCard, Context = CardContext, ContextScore = 1.0, Negative = CardNegatives },
        new(PiiEntityTypes.UsSsn, PiiPatterns.SsnDashed(), 0.8) { Scope = PiiScope.DigitClusters, Shape = PiiShape.SsnDashed, Validate = PiiChecksums.UsSsn, Context = SsnContext, ContextScore = 1.0, Negative = SsnNegatives },
        new(PiiEntityTypes.UsSsn, PiiPatterns.SsnSpaced(), 0.6) { Scope = PiiScope.DigitClusters, Shape = PiiShape.SsnSpaced, Validate = PiiChecksums.UsSsn, Context = SsnContext, ContextScore = 0.95, Negative = SsnNegatives },
        new(PiiEntityTypes.UsSsn, PiiPatterns.DigitRun(), 0.7) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Validate = PiiValidators.IsBareSsn, Context = SsnContext, RequiresContext = true, After = 0 },
        new(PiiEntityTypes.IbanCode, PiiPatterns.Iban(), 1.0) { Prefilter = PiiPrefilter.IbanStart, Scope = PiiScope.IbanStarts, Forward = PiiPatterns.IbanReach, Validate = PiiChecksums.Iban },
        new(PiiEntityTypes.IpAddress, PiiPatterns.IPv4(), 0.8) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Dotted, Context = IpContext, ContextScore = 0.95, Negative = IpNegatives, After = 0 },
        new(PiiEntityTypes.IpAddress, PiiPatterns.IPv6(), 0.8) { Prefilter = PiiPrefilter.Ipv6Colons, Scope = PiiScope.Token, Anchors = Colon, Follow = PiiFollow.Ipv6Colons, Validate = PiiValidators.IsIPv6, Context = IpContext, ContextScore = 0.95, Negative = IpNegatives, After = 0 },
        new(PiiEntityTypes.AbaRoutingNumber, PiiPatterns.DigitRun(), 0.85) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Validate = PiiChecksums.AbaRouting, Context = RoutingContext, RequiresContext = true, After = 0 },
        new(PiiEntityTypes.UsBankNumber, PiiPatterns.DigitRun(), 0.65) { Scope = PiiScope.DigitClusters, Shape = PiiShape.Run, Context = BankContext, RequiresContext = true, Negative = BankNegatives, After = 0 },
        new(PiiEntityTypes.Secret, PiiPatterns.PrivateKeyBlock(), 1.0) { Triggers = ["PRIVATE KEY-----"] },
        new(PiiEntityTypes.Secret, PiiPatterns.AwsAccessKeyId(), 1.0) { Triggers = ["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA"] },
        new(PiiEntityTypes.Secret, PiiPatterns.AwsSecretKey(), 1.0) { Triggers = ["_access_key"] },
        new(PiiEntityTypes.Secret, PiiPatterns.AzureStorageKey(), 0.7) { Scope = PiiScope.Token, Anchors = DoubleEquals, Context = SecretContext, ContextScore = 0.95 },
        new(PiiEntityTypes.Secret, PiiPatterns.SharedAccessSignature(), 1.0) { Scope = PiiScope.Line, Anchors = SasWord, Follow = PiiFollow.Mark, Forward = 1024 },
        new(PiiEntityTypes.Secret, PiiPatterns.Jwt(), 1.0) { Triggers = ["eyJ"] },
        new(PiiEntityTypes.Secret, PiiPatterns.GitHubToken(), 1.0) { Triggers = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"] },
        new(PiiEntityTypes.Secret, PiiPatterns.SlackToken(), 1.0) { Triggers = ["xox"] },
        new(PiiEntityTypes.Secret, PiiPatterns.GoogleApiKey(), 1.0) { Triggers = ["AIza"] },
        new(PiiEntityTypes.Secret, PiiPatterns.StripeKey(), 1.0) { Triggers = ["_live_"] },
        new(PiiEntityTypes.Secret, PiiPatterns.BearerToken(), 0.95) { Scope = PiiScope.Line, Anchors = Bearer, Forward = 1024 },
        new(PiiEntityTypes.Secret, PiiPatterns.KeyValueSecret(), 0.95) { Scope = PiiScope.Line, Anchors = SecretWords, Follow = PiiFollow.Mark, Back = 24, Forward = 1024 },
        new(PiiEntityTypes.Secret, PiiPatterns.PasswordAssignment(), 0.9) { Scope = PiiScope.Line, Anchors = PasswordWords, Follow = PiiFollow.Mark, Forward = 512 },
        new(PiiEntityTypes.Secret, PiiPatterns.UrlCredentials(), 0.9) { Triggers = ["://"], Scope = PiiScope.Token, Anchors = At },
        new(PiiEntityTypes.Secret, PiiPatterns.ApiKeyPrefixed(), 0.95) { Triggers = ["sk-"] },
        new(PiiEntityTypes.Person, PiiPatterns.TitledName(), 0.85) { Prefilter = PiiPrefilter.Title, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.LabelledName(), 0.85) { Scope = PiiScope.Line, Anchors = Labels, Follow = PiiFollow.LabelMark, Forward = 72, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.ContextName(), 0.7) { Scope = PiiScope.Line, Anchors = NameCues, Follow = PiiFollow.Capital, Forward = 80, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.GreetedName(), 0.6) { Scope = PiiScope.Line, Anchors = NameCues, Follow = PiiFollow.Capital, Forward = 40, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Person, PiiPatterns.SignedName(), 0.7) { Scope = PiiScope.Line, Anchors = SignOffs, Follow = PiiFollow.NewLine, Forward = 100, Validate = PiiNames.IsPlausibleName },
        new(PiiEntityTypes.Location, PiiPatterns.StreetAddress(), 0.75) { Scope = PiiScope.Line, Anchors = StreetSuffixes, Back = 80, Forward = 80, NeedsDigit = true },
        new(PiiEntityTypes.Location, PiiPatterns.PoBox(), 0.7) { Triggers = ["Box"] },
    ];
}
