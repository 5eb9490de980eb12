namespace AiNative.Platform.Governance.Pii;

/// <summary>Entity names, as Presidio spells them, so findings read the same as in Presidio-based tooling.</summary>
public static class PiiEntityTypes
{
    public const string EmailAddress = "EMAIL_ADDRESS";
    public const string PhoneNumber = "PHONE_NUMBER";
    public const string CreditCard = "CREDIT_CARD";
    public const string UsSsn = "US_SSN";
    public const string IbanCode = "IBAN_CODE";
    public const string IpAddress = "IP_ADDRESS";
    public const string Url = "URL";
    public const string UsBankNumber = "US_BANK_NUMBER";
    public const string AbaRoutingNumber = "ABA_ROUTING_NUMBER";

    /// <summary>Person names: found only by titles and context words (no NER model); see README.</summary>
    public const string Person = "PERSON";

    /// <summary>Street addresses (house number, street name, suffix); cities and countries alone are not found.</summary>
    public const string Location = "LOCATION";

    /// <summary>Credentials and keys (not a Presidio entity; Presidio users add it as a custom recognizer).</summary>
    public const string Secret = "SECRET";

    /// <summary>Every type the analyzer reports.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EmailAddress, PhoneNumber, CreditCard, UsSsn, IbanCode, IpAddress, Url, UsBankNumber, AbaRoutingNumber, Person, Location, Secret];

    /// <summary>Entities with a fixed format (checksums, shapes): the ones the quality target is set on.</summary>
    public static IReadOnlySet<string> Structured { get; } = new HashSet<string>(StringComparer.Ordinal)
        { EmailAddress, PhoneNumber, CreditCard, UsSsn, IbanCode, IpAddress, Url, UsBankNumber, AbaRoutingNumber, Secret };
}
