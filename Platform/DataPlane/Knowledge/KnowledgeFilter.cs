using System.Globalization;
using System.Text.RegularExpressions;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// Metadata filters of a search: tenant, source and freshness (chunks ingested at or after <see cref="NotBefore"/>).
/// <see cref="Parse"/> reads the OData subset Azure AI Search uses, so one filter string works on both stores:
/// <c>tenant eq 'contoso' and source eq 'handbook/fees.md' and timestamp ge 2026-01-01T00:00:00Z</c>.
/// </summary>
public sealed partial record KnowledgeFilter(string? Tenant = null, string? Source = null, DateTimeOffset? NotBefore = null)
{
    /// <summary>No filter: shared (tenant-less) knowledge only.</summary>
    public static KnowledgeFilter None { get; } = new();

    /// <summary>Parses a filter expression; null or blank is <see cref="None"/>.</summary>
    /// <exception cref="FormatException">The expression is not <c>clause (and clause)*</c> with known fields and operators.</exception>
    public static KnowledgeFilter Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return None;
        }

        var filter = None;
        foreach (var clause in And().Split(expression.Trim()))
        {
            var match = Clause().Match(clause);
            if (!match.Success)
            {
                throw new FormatException($"'{clause.Trim()}' is not a filter clause; write e.g. tenant eq 'contoso', source eq 'a.md' or timestamp ge 2026-01-01T00:00:00Z.");
            }

            var field = match.Groups["field"].Value.ToLowerInvariant();
            var op = match.Groups["op"].Value.ToLowerInvariant();
            var value = match.Groups["quoted"].Success ? match.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal) : match.Groups["bare"].Value;
            filter = (field, op) switch
            {
                ("tenant", "eq") => filter with { Tenant = value },
                ("source", "eq") => filter with { Source = value },
                ("timestamp", "ge" or "gt") => filter with { NotBefore = ParseTime(value) },
                _ => throw new FormatException($"'{field} {op}' is not supported; use tenant eq, source eq or timestamp ge."),
            };
        }

        return filter;
    }

    /// <summary>The filter as an OData expression (for Azure AI Search); tenant-less chunks stay visible to every tenant.</summary>
    public string ToOData()
    {
        var clauses = new List<string>
        {
            Tenant is null ? "tenant eq null" : $"(tenant eq '{Escape(Tenant)}' or tenant eq null)",
        };
        if (Source is not null)
        {
            clauses.Add($"source eq '{Escape(Source)}'");
        }

        if (NotBefore is { } notBefore)
        {
            clauses.Add($"timestamp ge {notBefore.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}");
        }

        return string.Join(" and ", clauses);
    }

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"'{value}' is not a timestamp; use ISO 8601, e.g. 2026-01-01T00:00:00Z.");

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex And();

    [GeneratedRegex(@"^\s*(?<field>[A-Za-z_]+)\s+(?<op>[A-Za-z]{2})\s+(?:'(?<quoted>(?:[^']|'')*)'|(?<bare>[^\s']+))\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Clause();
}
