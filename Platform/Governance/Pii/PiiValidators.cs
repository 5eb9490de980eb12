using System.Net;
using System.Net.Sockets;

namespace AiNative.Platform.Governance.Pii;

/// <summary>Shape checks of phone, card, SSN and IPv6 candidates that a regex alone cannot express.</summary>
internal static class PiiValidators
{
    public static bool IsE164(ReadOnlySpan<char> value) => CountDigits(value) is >= 8 and <= 15;

    public static bool IsBareNanp(ReadOnlySpan<char> value) =>
        (value.Length == 10 && value[0] >= '2' && value[3] >= '2') || (value.Length == 11 && value[0] == '1' && value[1] >= '2' && value[4] >= '2');

    public static bool IsBareSsn(ReadOnlySpan<char> value) => value.Length == 9 && PiiChecksums.UsSsn(value);

    public static bool IsCreditCard(ReadOnlySpan<char> value)
    {
        var digits = CountDigits(value);
        // Issuer prefixes 2 (Mastercard 2-series), 3 (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard), 6 (Discover, UnionPay):
        // an order number starting with 1, 7, 8, 9 or 0 is never a payment card.
        return digits is >= 13 and <= 19
            && value[0] is >= '2' and <= '6'
            && !(value.Contains(' ') && value.Contains('-'))
            && PiiChecksums.Luhn(value);
    }

    public static bool IsIPv6(ReadOnlySpan<char> value) =>
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
