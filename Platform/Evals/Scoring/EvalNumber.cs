using System.Globalization;

namespace AiNative.Platform.Evals.Scoring;

/// <summary>Numbers in suite files and answers are invariant-culture (a dot for decimals, whatever the machine's locale).</summary>
internal static class EvalNumber
{
    public static bool TryParse(string text, out double number) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
}
