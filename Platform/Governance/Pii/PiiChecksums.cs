namespace AiNative.Platform.Governance.Pii;

/// <summary>Check-digit and structure validation that turns a regex shape into a confident finding.</summary>
internal static class PiiChecksums
{
    /// <summary>Luhn (mod 10) over the digits of <paramref name="value"/>, ignoring separators.</summary>
    public static bool Luhn(ReadOnlySpan<char> value)
    {
        var sum = 0;
        var doubleIt = false;
        var digits = 0;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }

        return digits > 0 && sum % 10 == 0;
    }

    /// <summary>ISO 13616 mod-97 check of an IBAN (spaces ignored, letters upper case).</summary>
    public static bool Iban(ReadOnlySpan<char> value)
    {
        Span<char> compact = stackalloc char[value.Length];
        var length = 0;
        foreach (var c in value)
        {
            if (c != ' ')
            {
                compact[length++] = c;
            }
        }

        if (length is < 15 or > 34)
        {
            return false;
        }

        var iban = compact[..length];
        var remainder = 0;
        // Moving the country code and check digits to the end, letters become 10..35.
        for (var i = 0; i < length; i++)
        {
            var c = iban[(i + 4) % length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>US SSN structure rules: area not 000, 666 or 9xx; group not 00; serial not 0000; not one repeated digit.</summary>
    public static bool UsSsn(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[9];
        var n = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                if (n == 9)
                {
                    return false;
                }

                digits[n++] = c;
            }
        }

        if (n != 9)
        {
            return false;
        }

        var area = digits[..3];
        if (area is "000" or "666" || area[0] == '9')
        {
            return false;
        }

        if (digits[3..5] is "00" || digits[5..] is "0000")
        {
            return false;
        }

        return digits.ContainsAnyExcept(digits[0]);
    }

    /// <summary>ABA routing number: 9 digits, a valid Federal Reserve prefix, and the 3-7-1 weighted checksum.</summary>
    public static bool AbaRouting(ReadOnlySpan<char> value)
    {
        if (value.Length != 9 || value.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var prefix = ((value[0] - '0') * 10) + (value[1] - '0');
        if (prefix is not ((>= 0 and <= 12) or (>= 21 and <= 32) or (>= 61 and <= 72) or 80) || value is "000000000")
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i += 3)
        {
            sum += (3 * (value[i] - '0')) + (7 * (value[i + 1] - '0')) + (value[i + 2] - '0');
        }

        return sum % 10 == 0;
    }
}
