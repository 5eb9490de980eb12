using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiNative.Platform.ModelPlane;

namespace AiNative.Cli.Tests;

/// <summary>
/// A deterministic stand-in for the model at the gateway boundary: reads ids, a numeric amount and a currency code
/// from the ticket with regular expressions. Like a weak model, it misses amounts written in words.
/// </summary>
internal sealed partial class TicketReadingGateway : IModelGateway
{
    public Task<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        var ticket = request.Variables["ticket"];
        var amount = Amount().Match(ticket);
        var output = new Dictionary<string, object?>
        {
            ["customer_id"] = Customer().Match(ticket) is { Success: true } c ? c.Value : null,
            ["incident_id"] = Incident().Match(ticket) is { Success: true } i ? i.Value : null,
            ["requested_amount"] = amount.Success ? double.Parse(amount.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            ["currency"] = Currency().Match(ticket) is { Success: true } cur ? cur.Value : null,
        };
        var json = JsonSerializer.SerializeToElement(output);
        return Task.FromResult(new ModelResponse(json.GetRawText(), json, "regex-reader", request.PromptId, "0.9.0", ticket.Length / 4, 25));
    }

    [GeneratedRegex(@"\bC\d{5}\b")]
    private static partial Regex Customer();

    [GeneratedRegex(@"\bINC-\d+\b")]
    private static partial Regex Incident();

    [GeneratedRegex(@"\b(\d+(?:\.\d+)?)\s*(?:EUR|USD|GBP)\b")]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b(?:EUR|USD|GBP)\b")]
    private static partial Regex Currency();
}
