using System.Globalization;
using System.Text.RegularExpressions;

namespace AiNative.Platform.ModelPlane.Local;

/// <summary>What a number in the text measures, judged from the symbol or unit written next to it.</summary>
internal enum QuantityKind
{
    Plain,
    Money,
    Duration,
    Percent,
}

/// <summary>A number found in the text: value, kind, unit (ISO currency code or time unit) and position.</summary>
internal sealed record Quantity(decimal Value, QuantityKind Kind, string? Unit, int Start, int Length);

/// <summary>Finds amounts ("$250", "1,200.50 EUR"), durations ("4 hours", "90-minute"), percents and plain numbers.</summary>
/// <remarks>Digits inside identifiers (C12345, INC-789), dates (2025-03-14, March 3rd) and times (10:30) are not quantities.</remarks>
internal static partial class QuantityScanner
{
    private static readonly HashSet<string> CurrencyCodes = new(StringComparer.Ordinal)
    {
        "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "INR", "SEK", "NOK", "DKK", "PLN", "CZK",
        "HUF", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "TRY", "ILS", "AED",
    };

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["$"] = "USD", ["€"] = "EUR", ["£"] = "GBP", ["¥"] = "JPY",
    };

    private static readonly HashSet<string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    public static List<Quantity> Scan(string text)
    {
        var found = new List<Quantity>();
        foreach (Match match in QuantityRegex().Matches(text))
        {
            var number = match.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal);
            if (!decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            if (IsDatePart(text, match.Groups["num"].Index))
            {
                continue;
            }

            var (kind, unit) = Classify(match);
            if (kind == QuantityKind.Plain && match.Groups["ordinal"].Success)
            {
                continue;
            }

            found.Add(new Quantity(value, kind, unit, match.Groups["num"].Index, match.Groups["num"].Length));
        }

        return found;
    }

    private static (QuantityKind Kind, string? Unit) Classify(Match match)
    {
        if (match.Groups["sym"].Success)
        {
            return (QuantityKind.Money, Symbols[match.Groups["sym"].Value]);
        }

        foreach (var group in (ReadOnlySpan<string>)["pre", "post"])
        {
            var code = match.Groups[group].Value.ToUpperInvariant();
            if (CurrencyCodes.Contains(code))
            {
                return (QuantityKind.Money, code);
            }
        }

        var word = match.Groups["unit"].Value.ToLowerInvariant();
        if (word.Length == 0)
        {
            return (QuantityKind.Plain, null);
        }

        if (word is "%" or "percent" or "per cent")
        {
            return (QuantityKind.Percent, "percent");
        }

        if (word.StartsWith("dollar", StringComparison.Ordinal))
        {
            return (QuantityKind.Money, "USD");
        }

        if (word.StartsWith("euro", StringComparison.Ordinal))
        {
            return (QuantityKind.Money, "EUR");
        }

        if (word.StartsWith("pound", StringComparison.Ordinal))
        {
            return (QuantityKind.Money, "GBP");
        }

        var timeUnit = word switch
        {
            "h" or "hr" or "hrs" or "hour" or "hours" => "hour",
            "m" or "min" or "mins" or "minute" or "minutes" => "minute",
            "s" or "sec" or "secs" or "second" or "seconds" => "second",
            "d" or "day" or "days" => "day",
            "wk" or "week" or "weeks" => "week",
            "month" or "months" => "month",
            "year" or "years" or "yr" or "yrs" => "year",
            _ => null,
        };
        return timeUnit is null ? (QuantityKind.Plain, null) : (QuantityKind.Duration, timeUnit);
    }

    // "March 3", "3 March 2025" read as dates, not quantities.
    private static bool IsDatePart(string text, int index)
    {
        var before = text[..index].TrimEnd();
        var lastWord = PreviousWordRegex().Match(before);
        return lastWord.Success && Months.Contains(lastWord.Value);
    }

    [GeneratedRegex(@"[\p{L}]+$")]
    private static partial Regex PreviousWordRegex();

    [GeneratedRegex(
        @"(?:(?<sym>[$€£¥])\s?|(?<pre>\b[A-Z]{3})\s)?(?<![\p{L}\p{N}_\-/:.,#])(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\p{N}]|[\-/:.,]\d)" +
        @"(?:(?<ordinal>st|nd|rd|th)\b|\s?(?<unit>%)|[\s-]?(?<unit>per cent|percent|dollars?|euros?|pounds?|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s|days?|d|weeks?|wk|months?|years?|yrs?)\b|\s?(?<post>[A-Z]{3})\b)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityRegex();
}
