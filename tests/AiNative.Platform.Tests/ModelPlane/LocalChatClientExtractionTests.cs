using System.Text.Json;
using AiNative.Platform.ModelPlane.Local;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.Tests.ModelPlane;

/// <summary>Schema-guided extraction of the local provider, on texts unlike the demo ticket.</summary>
public sealed class LocalChatClientExtractionTests
{
    private static async Task<JsonElement> ExtractTicketAsync(string ticket)
    {
        var prompt = ModelPlaneTestSupport.Prompts.Get("extract-ticket-info");
        var rendered = prompt.Render(new Dictionary<string, string> { ["ticket"] = ticket });
        var response = await ModelPlaneTestSupport.CreateLocalClient().GetResponseAsync(
            [new ChatMessage(ChatRole.System, rendered.System), new ChatMessage(ChatRole.User, rendered.User)],
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(prompt.OutputSchema!.Value) });
        return JsonDocument.Parse(response.Text).RootElement;
    }

    private static async Task<JsonElement> ExtractAsync(string text, string schemaJson)
    {
        var response = await ModelPlaneTestSupport.CreateLocalClient().GetResponseAsync(
            [new ChatMessage(ChatRole.User, text)],
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schemaJson).RootElement) });
        return JsonDocument.Parse(response.Text).RootElement;
    }

    [Fact]
    public async Task Extracts_euro_outage_ticket_with_name_before_account_id()
    {
        var result = await ExtractTicketAsync(
            "Hello, this is Dana Whitfield from Northwind Traders (account C90817). Your platform was unavailable for 6 hours " +
            "on 3 March because of incident INC-4521. We'd like a credit of €480 for the lost working day.");

        Assert.Equal("C90817", result.GetProperty("customer_id").GetString());
        Assert.Equal("Northwind Traders", result.GetProperty("customer_name").GetString());
        Assert.Equal("INC-4521", result.GetProperty("incident_id").GetString());
        Assert.Equal(480m, result.GetProperty("requested_amount").GetDecimal());
        Assert.Equal("EUR", result.GetProperty("currency").GetString());
        Assert.Equal(6m, result.GetProperty("downtime_hours").GetDecimal());
        Assert.Equal("service_outage", result.GetProperty("issue_type").GetString());
    }

    [Fact]
    public async Task Extracts_duplicate_charge_with_decimal_dollar_amount_and_no_incident()
    {
        var result = await ExtractTicketAsync(
            "Our card was charged twice for invoice 2291: two identical payments of $129.99 on May 2. " +
            "Customer ID: C4410, Blue Harbor Bakery. Please refund the duplicate payment.");

        Assert.Equal("C4410", result.GetProperty("customer_id").GetString());
        Assert.Equal("Blue Harbor Bakery", result.GetProperty("customer_name").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("incident_id").ValueKind);
        Assert.Equal(129.99m, result.GetProperty("requested_amount").GetDecimal());
        Assert.Equal("USD", result.GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("downtime_hours").ValueKind);
        Assert.Equal("duplicate_charge", result.GetProperty("issue_type").GetString());
        Assert.Contains("charged twice", result.GetProperty("issue_summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Picks_the_requested_amount_among_several_pound_amounts()
    {
        var result = await ExtractTicketAsync(
            "I'm writing on behalf of Kestrel Analytics Ltd, customer number C7. Our March invoice billed us £1,250.00 " +
            "instead of the agreed £950, which is a billing error. Please credit the difference of £300.");

        Assert.Equal("C7", result.GetProperty("customer_id").GetString());
        Assert.Equal("Kestrel Analytics Ltd", result.GetProperty("customer_name").GetString());
        Assert.Equal(300m, result.GetProperty("requested_amount").GetDecimal());
        Assert.Equal("GBP", result.GetProperty("currency").GetString());
        Assert.Equal("billing_error", result.GetProperty("issue_type").GetString());
    }

    [Fact]
    public async Task Leaves_missing_fields_null_and_lowers_confidence()
    {
        const string Schema = """
            {"type":"object","required":["account","amount","category","confidence"],
             "properties":{
               "account":{"type":["string","null"],"pattern":"^AC-\\d{3}$","description":"Account number"},
               "amount":{"type":["number","null"],"minimum":0,"description":"Amount charged"},
               "category":{"type":"string","enum":["login_problem","slow_performance","other"]},
               "confidence":{"type":"number","minimum":0,"maximum":1,"description":"Confidence from 0 to 1"}}}
            """;

        var complete = await ExtractAsync("Account AC-512 was charged 75 USD while the app was unbearably slow; slow performance all week.", Schema);
        var sparse = await ExtractAsync("The app feels sluggish lately.", Schema);

        Assert.Equal("AC-512", complete.GetProperty("account").GetString());
        Assert.Equal(75m, complete.GetProperty("amount").GetDecimal());
        Assert.Equal("slow_performance", complete.GetProperty("category").GetString());
        Assert.Equal(JsonValueKind.Null, sparse.GetProperty("account").ValueKind);
        Assert.Equal(JsonValueKind.Null, sparse.GetProperty("amount").ValueKind);
        var high = complete.GetProperty("confidence").GetDouble();
        var low = sparse.GetProperty("confidence").GetDouble();
        Assert.InRange(high, 0.9, 1.0);
        Assert.InRange(low, 0.0, 0.5);
    }

    [Fact]
    public async Task Counts_an_enum_choice_as_weak_evidence_when_several_values_are_named()
    {
        const string Schema = """
            {"type":"object","required":["verdict","confidence"],
             "properties":{"verdict":{"type":"string","enum":["refund","no_refund"]},"confidence":{"type":"number","minimum":0,"maximum":1}}}
            """;

        var clear = await ExtractAsync("The customer gets a refund for the failed delivery.", Schema);
        var ambiguous = await ExtractAsync("Policy: no refund for delays under an hour; a refund applies beyond that.", Schema);

        Assert.Equal("refund", clear.GetProperty("verdict").GetString());
        Assert.Equal(1.0, clear.GetProperty("confidence").GetDouble());
        Assert.True(ambiguous.GetProperty("confidence").GetDouble() < 0.5);
    }

    [Fact]
    public async Task Fills_pattern_enum_number_and_boolean_fields_of_an_unrelated_schema()
    {
        const string Schema = """
            {"type":"object","additionalProperties":false,
             "required":["order_id","carrier","weight_kg","priority","fragile","contact_email"],
             "properties":{
               "order_id":{"type":"string","pattern":"^ORD-\\d{4}$"},
               "carrier":{"type":"string","enum":["ups","fedex","dhl"]},
               "weight_kg":{"type":"number","exclusiveMinimum":0,"description":"Parcel weight in kg"},
               "priority":{"type":"string","enum":["low","normal","urgent"]},
               "fragile":{"type":"boolean"},
               "contact_email":{"type":"string","format":"email"}}}
            """;

        var result = await ExtractAsync(
            "Shipment request for order ORD-5521 (not ORD-12). It goes out with DHL tomorrow. The parcel weighs 3.5 kg and holds " +
            "glassware, so treat it as fragile. This one is urgent. Questions to logistics@example.org please.",
            Schema);

        Assert.Equal("ORD-5521", result.GetProperty("order_id").GetString());
        Assert.Equal("dhl", result.GetProperty("carrier").GetString());
        Assert.Equal(3.5m, result.GetProperty("weight_kg").GetDecimal());
        Assert.Equal("urgent", result.GetProperty("priority").GetString());
        Assert.True(result.GetProperty("fragile").GetBoolean());
        Assert.Equal("logistics@example.org", result.GetProperty("contact_email").GetString());
    }

    [Fact]
    public async Task Converts_minutes_for_an_hours_field_and_skips_money_and_dates()
    {
        const string Schema = """
            {"type":"object","required":["outage_hours"],
             "properties":{"outage_hours":{"type":["number","null"],"description":"Length of the outage in hours"}}}
            """;

        var result = await ExtractAsync("On 2025-03-14 at 10:30 the API went down for 90 minutes; we pay $1,200 a month.", Schema);

        Assert.Equal(1.5m, result.GetProperty("outage_hours").GetDecimal());
    }

    [Fact]
    public async Task Reports_usage_model_id_and_streams_the_same_answer()
    {
        var client = ModelPlaneTestSupport.CreateLocalClient();
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"code":{"type":"string","pattern":"^Z\\d+$"}}}""").RootElement),
        };
        List<ChatMessage> messages = [new(ChatRole.User, "Reference Z991 was reported by the warehouse team yesterday afternoon.")];

        var response = await client.GetResponseAsync(messages, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        Assert.Equal(LocalChatClient.ModelId, response.ModelId);
        Assert.Equal("""{"code":"Z991"}""", response.Text);
        Assert.True(response.Usage?.InputTokenCount > 10);
        Assert.Equal(ModelPlaneTestSupport.Tokens.Count(response.Text), response.Usage?.OutputTokenCount);
        Assert.Equal(response.Text, updates.ToChatResponse().Text);
        Assert.Equal(response.Usage?.OutputTokenCount, updates.ToChatResponse().Usage?.OutputTokenCount);
    }
}
