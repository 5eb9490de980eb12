using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Tests.Governance;

public sealed class RegexPiiRedactorTests
{
    private readonly RegexPiiRedactor redactor = new();

    [Theory]
    [InlineData("Contact jane.doe@example.com for details", "jane.doe@example.com", "EMAIL_ADDRESS")]
    [InlineData("mail: j_smith+billing@sub.mail.example.co.uk.", "j_smith+billing@sub.mail.example.co.uk", "EMAIL_ADDRESS")]
    [InlineData("<a href=\"mailto:jane@example.com\">mail</a>", "jane@example.com", "EMAIL_ADDRESS")]
    [InlineData("Call (415) 555-0132 today", "(415) 555-0132", "PHONE_NUMBER")]
    [InlineData("Call 415-555-0132 today", "415-555-0132", "PHONE_NUMBER")]
    [InlineData("Call 415.555.0132 today", "415.555.0132", "PHONE_NUMBER")]
    [InlineData("Call +1 415 555 0132 today", "+1 415 555 0132", "PHONE_NUMBER")]
    [InlineData("Call +1-415-555-0132 today", "+1-415-555-0132", "PHONE_NUMBER")]
    [InlineData("Reach me on +442079460958 please", "+442079460958", "PHONE_NUMBER")]
    [InlineData("Office +44 20 7946 0958.", "+44 20 7946 0958", "PHONE_NUMBER")]
    [InlineData("Berlin: +49 30 901820", "+49 30 901820", "PHONE_NUMBER")]
    [InlineData("mobile: 4155550132", "4155550132", "PHONE_NUMBER")]
    [InlineData("Card 4111 1111 1111 1111 was charged", "4111 1111 1111 1111", "CREDIT_CARD")]
    [InlineData("Card 4111-1111-1111-1111 was charged", "4111-1111-1111-1111", "CREDIT_CARD")]
    [InlineData("Card 4111111111111111 was charged", "4111111111111111", "CREDIT_CARD")]
    [InlineData("Amex 378282246310005 on file", "378282246310005", "CREDIT_CARD")]
    [InlineData("Mastercard 5555 5555 5555 4444", "5555 5555 5555 4444", "CREDIT_CARD")]
    [InlineData("Discover 6011111111111117.", "6011111111111117", "CREDIT_CARD")]
    [InlineData("SSN 536-22-1234 on the form", "536-22-1234", "US_SSN")]
    [InlineData("SSN 536 22 1234 on the form", "536 22 1234", "US_SSN")]
    [InlineData("social security number: 536221234", "536221234", "US_SSN")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 for refunds", "DE89 3704 0044 0532 0130 00", "IBAN_CODE")]
    [InlineData("IBAN GB82WEST12345698765432", "GB82WEST12345698765432", "IBAN_CODE")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606 is the account", "FR14 2004 1010 0505 0001 3M02 606", "IBAN_CODE")]
    [InlineData("client at 192.168.1.20 connected", "192.168.1.20", "IP_ADDRESS")]
    [InlineData("gateway 10.0.0.1.", "10.0.0.1", "IP_ADDRESS")]
    [InlineData("address 1.2.3.4 seen", "1.2.3.4", "IP_ADDRESS")]
    [InlineData("from 2001:db8:85a3::8a2e:370:7334 via proxy", "2001:db8:85a3::8a2e:370:7334", "IP_ADDRESS")]
    [InlineData("link-local fe80::1 only", "fe80::1", "IP_ADDRESS")]
    [InlineData("full 2001:0db8:0000:0000:0000:ff00:0042:8329 addr", "2001:0db8:0000:0000:0000:ff00:0042:8329", "IP_ADDRESS")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE leaked", "AKIAIOSFODNN7EXAMPLE", "SECRET")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", "SECRET")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", "SECRET")]
    [InlineData("Authorization: Bearer abcdef0123456789abcdef0123456789", "abcdef0123456789abcdef0123456789", "SECRET")]
    [InlineData("api_key = \"9f8e7d6c5b4a39281706f5e4d3c2b1a0\"", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", "SECRET")]
    [InlineData("Server=db;User Id=app;Password=S3cr3t!pass;", "S3cr3t!pass", "SECRET")]
    [InlineData("postgres://admin:hunter22@db.internal:5432/app", "hunter22", "SECRET")]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "SECRET")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "SECRET")]
    public void Detects_entity_when_text_contains_it(string text, string expected, string type)
    {
        var redaction = redactor.Redact(text);

        var finding = Assert.Single(redaction.Findings);
        Assert.Equal(type, finding.Type);
        Assert.Equal(expected, text[finding.Start..finding.End]);
        Assert.InRange(finding.Score, 0.5, 1.0);
        Assert.DoesNotContain(expected, redaction.Text, StringComparison.Ordinal);
        Assert.Contains($"<{type}>", redaction.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Order 4111111111111112 shipped")]                     // fails Luhn
    [InlineData("Order number 1234567890123456 is late")]              // Luhn-valid shape but no card issuer prefix, and fails Luhn
    [InlineData("Tracking 9400111899223197428490")]                    // too long for a card
    [InlineData("Upgraded to version 1.2.3.4 yesterday")]
    [InlineData("Running v1.2.3.4 in production")]
    [InlineData("Version: 10.0.0.1 was released")]
    [InlineData("Build 10.0.19041.1 of Windows")]
    [InlineData("Due on 2024-01-15 or 01/15/2024 or 15.01.2024")]
    [InlineData("Meeting at 12:30:45 on 2024-01-15 10:30:00")]
    [InlineData("Correlation 3f2504e0-4f89-11d3-9a0c-0305e82c3301 logged")]
    [InlineData("Customer C12345 opened INC-789 about ticket #4521")]
    [InlineData("Refund of $250 and $1,250.00 approved; 99.9% uptime")]
    [InlineData("SSN-like 000-12-3456 is invalid")]
    [InlineData("SSN-like 666-12-3456 is invalid")]
    [InlineData("SSN-like 912-12-3456 is invalid")]
    [InlineData("SSN-like 536-00-1234 is invalid")]
    [InlineData("SSN-like 536-22-0000 is invalid")]
    [InlineData("Number 536221234 without context")]
    [InlineData("IBAN-like DE89 3704 0044 0532 0130 01 has a bad checksum")]
    [InlineData("Part number 555-1234 and extension 4521")]
    [InlineData("Digits 5551234567 without phone context")]
    [InlineData("Octets 256.1.1.1 and 1.2.3 are not addresses")]
    [InlineData("Call std::vector::push_back in C++")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E on the switch")]
    [InlineData("The password reset link expires after 24 hours")]
    [InlineData("Use the api key from the portal; the bearer of this letter is our agent")]
    [InlineData("Invoice INV-2024-000123 totals 1,234.56 EUR")]
    [InlineData("Plan tier 3 costs 49.99 per month for 12 months")]
    public void Leaves_text_alone_when_it_only_looks_like_pii(string text)
    {
        var redaction = redactor.Redact(text);

        Assert.Empty(redaction.Findings);
        Assert.Equal(text, redaction.Text);
    }

    [Fact]
    public void Redacts_every_entity_when_text_mixes_several()
    {
        const string text = "Jane (jane@example.com, +1 415 555 0132) paid with 4111 1111 1111 1111 from 203.0.113.7; SSN 536-22-1234.";

        var redaction = redactor.Redact(text);

        Assert.Equal("Jane (<EMAIL_ADDRESS>, <PHONE_NUMBER>) paid with <CREDIT_CARD> from <IP_ADDRESS>; SSN <US_SSN>.", redaction.Text);
        Assert.Equal(["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IP_ADDRESS", "US_SSN"], redaction.Findings.Select(f => f.Type));
        Assert.True(redaction.Findings.Zip(redaction.Findings.Skip(1)).All(p => p.First.End <= p.Second.Start));
    }

    [Fact]
    public void Redacts_whole_private_key_block_when_text_contains_one()
    {
        const string text = "config:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\nend";

        var redaction = redactor.Redact(text);

        Assert.Equal("config:\n<SECRET>\nend", redaction.Text);
    }

    [Fact]
    public void Redacts_rest_of_text_when_private_key_has_no_end_line()
    {
        const string text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

        Assert.Equal("<SECRET>", redactor.Redact(text).Text);
    }

    [Fact]
    public void Keeps_longest_finding_when_candidates_overlap()
    {
        // The card shape inside the IBAN is Luhn-checked too; the IBAN (same score, longer) must win.
        const string text = "IBAN DE89 3704 0044 0532 0130 00";

        var finding = Assert.Single(redactor.Redact(text).Findings);

        Assert.Equal("IBAN_CODE", finding.Type);
    }

    [Fact]
    public void Keeps_connection_string_keys_readable_when_redacting_their_values()
    {
        const string text = "AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;";

        Assert.Equal("AccountName=devstoreaccount1;AccountKey=<SECRET>;", redactor.Redact(text).Text);
    }

    [Fact]
    public void Reports_versioned_policy()
    {
        Assert.Equal("pii-regex/2.0.0", redactor.PolicyVersion);
    }

    [Fact]
    public void Returns_text_unchanged_when_nothing_found()
    {
        const string text = "Our refund policy grants SLA credits after verified outages.";

        var redaction = redactor.Redact(text);

        Assert.Same(text, redaction.Text);
        Assert.Empty(redaction.Findings);
    }
}
