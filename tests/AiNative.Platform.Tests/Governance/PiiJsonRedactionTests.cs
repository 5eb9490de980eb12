using System.Text.Json;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Tests.Governance;

/// <summary>JSON values are redacted string by string: structure, property names and non-string values survive.</summary>
public sealed class PiiJsonRedactionTests
{
    private readonly RegexPiiRedactor redactor = new();

    [Fact]
    public void Nested_string_values_are_redacted_and_everything_else_is_kept()
    {
        using var source = JsonDocument.Parse("""
            {
              "invoice_id": "INV-2024-0042",
              "customer": { "email": "jane.doe@example.com", "phone": "Call (415) 555-0132 today", "vip": true, "nickname": null },
              "amount": 12.50,
              "big": 12345678901234567890,
              "lines": [ { "note": "card 4111 1111 1111 1111 charged", "qty": 3 }, "plain text", 7, false, [ "jane.doe@example.com" ] ],
              "jane.doe@example.com": "key stays"
            }
            """);

        var redacted = PiiJsonRedaction.Redact(redactor, source.RootElement);
        var text = redacted.GetRawText();

        Assert.Single(text.Split("jane.doe@example.com")[1..]); // only the property name keeps it
        Assert.DoesNotContain("555-0132", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4111 1111 1111 1111", text, StringComparison.Ordinal);
        Assert.Equal("INV-2024-0042", redacted.GetProperty("invoice_id").GetString());
        Assert.Equal("<EMAIL_ADDRESS>", redacted.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal("Call <PHONE_NUMBER> today", redacted.GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal(JsonValueKind.True, redacted.GetProperty("customer").GetProperty("vip").ValueKind);
        Assert.Equal(JsonValueKind.Null, redacted.GetProperty("customer").GetProperty("nickname").ValueKind);
        Assert.Equal("12.50", redacted.GetProperty("amount").GetRawText());
        Assert.Equal("12345678901234567890", redacted.GetProperty("big").GetRawText());
        var lines = redacted.GetProperty("lines");
        Assert.Equal(5, lines.GetArrayLength());
        Assert.Equal("card <CREDIT_CARD> charged", lines[0].GetProperty("note").GetString());
        Assert.Equal(3, lines[0].GetProperty("qty").GetInt32());
        Assert.Equal("plain text", lines[1].GetString());
        Assert.Equal(7, lines[2].GetInt32());
        Assert.Equal(JsonValueKind.False, lines[3].ValueKind);
        Assert.Equal("<EMAIL_ADDRESS>", lines[4][0].GetString());

        // Property names are structure, not values: never rewritten.
        Assert.Equal("key stays", redacted.GetProperty("jane.doe@example.com").GetString());
        Assert.Equal(
            source.RootElement.EnumerateObject().Select(p => p.Name),
            redacted.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Escaped_strings_are_redacted_on_their_unescaped_value_and_stay_valid_json()
    {
        // The raw text holds "jane\u002Edoe@example.com" and a quote next to the address: a raw-text redaction misses
        // the first and can swallow the quote; the walker sees the real values.
        using var source = JsonDocument.Parse("""{ "a": "jane\u002Edoe@example.com", "b": "say \"bob@example.org\"\n\tnext line \u00e9", "c": "tab\\path" }""");

        var redacted = PiiJsonRedaction.Redact(redactor, source.RootElement);

        Assert.Equal("<EMAIL_ADDRESS>", redacted.GetProperty("a").GetString());
        Assert.Equal("say \"<EMAIL_ADDRESS>\"\n\tnext line é", redacted.GetProperty("b").GetString());
        Assert.Equal("tab\\path", redacted.GetProperty("c").GetString());
        using var reparsed = JsonDocument.Parse(redacted.GetRawText());
        Assert.Equal(redacted.GetProperty("b").GetString(), reparsed.RootElement.GetProperty("b").GetString());
    }

    [Fact]
    public void A_value_without_personal_data_comes_back_unchanged()
    {
        using var source = JsonDocument.Parse("""{ "refund_id": "RF-1", "customer_id": "C12345",   "amount": 1e2 }""");

        var redacted = PiiJsonRedaction.Redact(redactor, source.RootElement);

        Assert.Equal(source.RootElement.GetRawText(), redacted.GetRawText());
        Assert.Equal("\"<EMAIL_ADDRESS>\"", PiiJsonRedaction.Redact(redactor, JsonSerializer.SerializeToElement("top@example.com")).GetRawText());
    }

    [Fact]
    public void A_tool_result_loses_personal_data_in_output_error_and_transient_failure()
    {
        var output = JsonSerializer.SerializeToElement(new { invoice_id = "INV-1001", contact = "ann@example.com" });
        var result = new ToolResult("lookup", "c1", output, new ToolError(ToolErrorCodes.HandlerFailed, "'lookup' failed: 404 {\"email\":\"ann@example.com\"}", ["card 4111111111111111"]), Undo: "undo_lookup", IdempotencyKey: "i:tool:0");

        var redacted = ToolResultRedaction.Redact(result, redactor);

        Assert.Equal("INV-1001", redacted.Output!.Value.GetProperty("invoice_id").GetString());
        Assert.Equal("<EMAIL_ADDRESS>", redacted.Output!.Value.GetProperty("contact").GetString());
        Assert.Equal("'lookup' failed: 404 {\"email\":\"<EMAIL_ADDRESS>\"}", redacted.Error!.Message);
        Assert.Equal(["card <CREDIT_CARD>"], redacted.Error.Details!);
        Assert.Equal(("lookup", "c1", "undo_lookup", "i:tool:0", ToolErrorCodes.HandlerFailed), (redacted.Tool, redacted.CallId, redacted.Undo, redacted.IdempotencyKey, redacted.Error.Code));

        var transient = PiiExceptionRedaction.Redact(new ToolTransientException("'lookup' failed transiently: bob@example.org", new HttpRequestException("bob@example.org")), redactor);
        Assert.IsType<ToolTransientException>(transient); // the retry still sees a transient failure
        Assert.Equal("'lookup' failed transiently: <EMAIL_ADDRESS>", transient.Message);
        Assert.Equal("<EMAIL_ADDRESS>", Assert.IsType<HttpRequestException>(transient.InnerException).Message);
    }
}
