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

    /// <summary>Credentials and keys (not a Presidio entity; Presidio users add it as a custom recognizer).</summary>
    public const string Secret = "SECRET";
}
