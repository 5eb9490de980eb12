using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Tests.Governance;

public sealed class PiiAnalyzerTests
{
    [Theory]
    [InlineData("See https://portal.example.com/account/42. Thanks", "https://portal.example.com/account/42", "URL")]
    [InlineData("docs at www.contoso.com/help today", "www.contoso.com/help", "URL")]
    [InlineData("routing number 021000021 for the wire", "021000021", "ABA_ROUTING_NUMBER")]
    [InlineData("checking account 12345678901 at the bank", "12345678901", "US_BANK_NUMBER")]
    [InlineData("Please ask Dr. Maria Garcia about it", "Maria Garcia", "PERSON")]
    [InlineData("Name: Chloé Dubois\nRole: buyer", "Chloé Dubois", "PERSON")]
    [InlineData("Kind regards,\nTom Becker\n", "Tom Becker", "PERSON")]
    [InlineData("Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 please", "1600 Pennsylvania Avenue NW, Washington, DC 20500", "LOCATION")]
    [InlineData("conn: Endpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=2022-11-02&ss=b&sig=abcDEF123%2Bxyz%3D", "sv=2022-11-02&ss=b&sig=abcDEF123%2Bxyz%3D", "SECRET")]
    [InlineData("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345", "sk-proj-abcdefghijklmnopqrstuvwxyz012345", "SECRET")]
    [InlineData("slack xoxb-1234567890-abcdefghijkl", "xoxb-1234567890-abcdefghijkl", "SECRET")]
    [InlineData("password=hunter2!x", "hunter2!x", "SECRET")]
    [InlineData("Tel +49 30 901820 (office)", "+49 30 901820", "PHONE_NUMBER")]
    public void Finds_entity_with_presidio_name(string text, string expected, string type)
    {
        var finding = Assert.Single(PiiAnalyzer.Analyze(text), f => f.Score >= 0.5);

        Assert.Equal((type, expected), (finding.Type, text[finding.Start..finding.End]));
    }

    [Fact]
    public void Context_words_raise_and_lower_scores()
    {
        var card = Score("Paid with visa 4111 1111 1111 1111");
        var plain = Score("Value 4111 1111 1111 1111");
        var order = Score("Order number 4111 1111 1111 1111");

        Assert.Equal(1.0, card);
        Assert.Equal(0.8, plain);
        Assert.True(order < 0.5, $"an order number that passes Luhn scores {order}");
    }

    [Theory]
    [InlineData("Order 1234567890 was shipped")]                     // ten digits, no phone context
    [InlineData("Ticket 536221234 is closed")]                       // nine digits, no SSN or routing context
    [InlineData("Request 3f2504e0-4f89-11d3-9a0c-0305e82c3301 done")]
    [InlineData("Upgraded to version 10.2.0.17 on 2026-01-15")]
    [InlineData("Invoice INV-2026-48213 and PO-778812 paid")]
    [InlineData("Dear Customer, thanks for writing to Support")]   // greeting cues without a name
    [InlineData("The Main Street branch opens at 9")]               // a street name without a house number
    public void Hard_negatives_are_not_findings(string text)
    {
        Assert.DoesNotContain(PiiAnalyzer.Analyze(text), f => f.Score >= 0.5);
    }

    [Fact]
    public void Overlapping_candidates_resolve_to_the_best()
    {
        // The SSN shape is also a bare 9-digit run; the e-mail contains digits that look like nothing else.
        const string text = "SSN 536-22-1234, mail 5362212@example.com";

        var findings = PiiAnalyzer.Analyze(text);

        Assert.Equal(["US_SSN", "EMAIL_ADDRESS"], findings.Select(f => f.Type));
        Assert.True(findings[0].End <= findings[1].Start);
    }

    [Theory]
    [InlineData("login from fe80::1ff:fe23:4567:890a at noon", "fe80::1ff:fe23:4567:890a", "IP_ADDRESS")]
    [InlineData("peer 2001:db8:85a3:0:0:8a2e:370:7334 dropped", "2001:db8:85a3:0:0:8a2e:370:7334", "IP_ADDRESS")]
    [InlineData("SSN 536 22 1234 on file", "536 22 1234", "US_SSN")]
    [InlineData("call (415) 555-0132 today", "(415) 555-0132", "PHONE_NUMBER")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00", "IBAN_CODE")]
    [InlineData("Customer name: Ann Lee", "Ann Lee", "PERSON")]
    [InlineData("Escalated to Priya Patel yesterday", "Priya Patel", "PERSON")]
    public void Shape_gates_let_real_entities_through(string text, string expected, string type)
    {
        // The shared scan skips a regex when its cheap necessary shape is absent (IPv6 without "::" or 6 colons, a
        // cluster without 3-2-4 groups, a cue word without a capital after it): these must still reach their regex.
        var finding = Assert.Single(PiiAnalyzer.Analyze(text), f => f.Score >= 0.5);

        Assert.Equal((type, expected), (finding.Type, text[finding.Start..finding.End]));
    }

    [Theory]
    [InlineData("Backup ran 06:40:01 to 07:12:55 on 2026-03-28")]   // times look like IPv6 groups, dates like SSNs
    [InlineData("Build 4111 1111 1111 took 12 min")]                 // 12 digits: no card chain
    [InlineData("hi there, the customer said Hello")]                 // cue words without a capital after them
    public void Shape_gates_skip_look_alikes(string text)
    {
        Assert.DoesNotContain(PiiAnalyzer.Analyze(text), f => f.Score >= 0.5);
    }

    [Fact]
    public void Per_thread_scratch_state_does_not_leak_between_texts()
    {
        const string first = "Name: Ann Lee\nSSN 536-22-1234, card 4111 1111 1111 1111, ip 10.0.0.1, mail ann@example.com";
        const string second = "Nothing here but 2026-03-28 and version 1.2.3.4";
        var alone = PiiAnalyzer.Analyze(first);

        var large = string.Concat(Enumerable.Repeat(first + "\n", 2000));
        Assert.Equal(10000, PiiAnalyzer.Analyze(large).Count(f => f.Score >= 0.5));
        Assert.DoesNotContain(PiiAnalyzer.Analyze(second), f => f.Score >= 0.5);
        Assert.Equal(alone, PiiAnalyzer.Analyze(first));
    }

    private static double Score(string text) => PiiAnalyzer.Analyze(text).Single(f => f.Type == PiiEntityTypes.CreditCard).Score;
}
