using System.Globalization;

namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>The wording shared by the approval page and the e-mails, so both show a request the same way.</summary>
internal static class ApprovalText
{
    /// <summary>"ACME Corp (customer_id: C12345)", or whichever part is known; null when neither is.</summary>
    public static string? Customer(ApprovalAction action) =>
        (action.CustomerName, action.CustomerId) switch
        {
            ({ Length: > 0 } name, { Length: > 0 } id) => $"{name} (customer_id: {id})",
            ({ Length: > 0 } name, _) => name,
            (_, { Length: > 0 } id) => $"customer_id: {id}",
            _ => null,
        };

    /// <summary>"250.00 USD"; null when the action has no amount.</summary>
    public static string? Amount(ApprovalAction action) =>
        action.Amount is { } amount
            ? $"{amount.ToString("#,0.00", CultureInfo.InvariantCulture)} {action.Currency}".TrimEnd()
            : null;

    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Text for a header line: no line breaks, bounded length.</summary>
    public static string SingleLine(string? text, int max = 200)
    {
        var line = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    /// <summary>The labelled fields of a request, in display order, skipping empty ones.</summary>
    public static IReadOnlyList<(string Label, string Value)> Fields(ApprovalRequest request)
    {
        var fields = new List<(string, string)> { ("Action", request.Action.Summary) };
        Add(fields, "Customer", Customer(request.Action));
        Add(fields, "Amount", Amount(request.Action));
        Add(fields, "Reason", request.Reason);
        Add(fields, "Context", request.Context);
        Add(fields, "Evidence", request.Evidence);
        Add(fields, "Requested by", string.IsNullOrWhiteSpace(request.Agent) ? request.RequestedBy : $"{request.Agent} ({request.RequestedBy})");
        Add(fields, "Run", request.Round > 1 ? $"{request.RunId} (round {request.Round.ToString(CultureInfo.InvariantCulture)})" : request.RunId);
        Add(fields, "Expires", Time(request.ExpiresAt));
        return fields;
    }

    private static void Add(List<(string, string)> fields, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            fields.Add((label, value.Trim()));
        }
    }
}
