using System.Security.Cryptography;
using AiNative.Platform.Governance.Pii;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiNative.Platform.Tests.Governance;

public sealed class PiiOperatorTests
{
    private static readonly PiiKeys Keys = PiiKeys.From(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private readonly RegexPiiRedactor redactor = new(Keys);

    [Fact]
    public void Operators_apply_per_entity_type_with_a_default()
    {
        const string text = "Mail jane@example.com, card 4111 1111 1111 1111, SSN 536-22-1234.";
        var options = new PiiRedactionOptions
        {
            Operators = new Dictionary<string, PiiOperator> { ["CREDIT_CARD"] = PiiOperator.Mask, ["US_SSN"] = PiiOperator.Redact },
            DefaultOperator = PiiOperator.Replace,
        };

        var redaction = redactor.Redact(text, options);

        Assert.Equal("Mail <EMAIL_ADDRESS>, card **** **** **** 1111, SSN .", redaction.Text);
        Assert.Equal(3, redaction.Findings.Count);
    }

    [Fact]
    public void Entities_and_min_score_limit_what_is_rewritten()
    {
        const string text = "Mail jane@example.com from 10.1.2.3";

        var onlyEmail = redactor.Redact(text, new PiiRedactionOptions { Entities = new HashSet<string> { "EMAIL_ADDRESS" } });
        var strict = redactor.Redact(text, new PiiRedactionOptions { MinScore = 0.99 });

        Assert.Equal("Mail <EMAIL_ADDRESS> from 10.1.2.3", onlyEmail.Text);
        Assert.Equal("Mail <EMAIL_ADDRESS> from 10.1.2.3", strict.Text); // the IP scores 0.95 with "from"
        Assert.Single(strict.Findings);
    }

    [Fact]
    public void Hash_gives_the_same_pseudonym_for_the_same_value_and_differs_by_key()
    {
        var hash = new PiiRedactionOptions { DefaultOperator = PiiOperator.Hash };
        var other = new RegexPiiRedactor(PiiKeys.From(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), null));

        var a = redactor.Redact("jane@example.com", hash).Text;
        var b = redactor.Redact("JANE@example.com", hash).Text;
        var c = redactor.Redact("john@example.com", hash).Text;
        var d = other.Redact("jane@example.com", hash).Text;

        Assert.Matches("^<EMAIL_ADDRESS:[0-9a-f]{16}>$", a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
    }

    [Fact]
    public void Encrypt_round_trips_through_the_decryptor_and_rejects_tampering()
    {
        const string text = "Card 4111 1111 1111 1111 for jane@example.com";
        var decryptor = new PiiDecryptor(Keys, NullLogger<PiiDecryptor>.Instance);

        var encrypted = redactor.Redact(text, new PiiRedactionOptions { DefaultOperator = PiiOperator.Encrypt }).Text;
        var decrypted = decryptor.Decrypt(encrypted, "test");
        var tampered = decryptor.Decrypt(encrypted.Replace("<CREDIT_CARD:", "<US_SSN:", StringComparison.Ordinal), "test");

        Assert.DoesNotContain("4111", encrypted, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", encrypted, StringComparison.Ordinal);
        Assert.Equal((text, 2, 0), (decrypted.Text, decrypted.Decrypted, decrypted.Failed));
        Assert.Equal((1, 1), (tampered.Decrypted, tampered.Failed)); // the type is authenticated: relabelling breaks it
        Assert.NotEqual(encrypted, redactor.Redact(text, new PiiRedactionOptions { DefaultOperator = PiiOperator.Encrypt }).Text); // fresh nonce
    }

    [Fact]
    public void Hash_and_encrypt_without_keys_fail_naming_the_setting()
    {
        var keyless = new RegexPiiRedactor();

        var hash = Assert.Throws<InvalidOperationException>(() => keyless.Redact("jane@example.com", new PiiRedactionOptions { DefaultOperator = PiiOperator.Hash }));
        var encrypt = Assert.Throws<InvalidOperationException>(() => keyless.Redact("jane@example.com", new PiiRedactionOptions { DefaultOperator = PiiOperator.Encrypt }));

        Assert.Contains("Guardrails__Pii__HashKey", hash.Message, StringComparison.Ordinal);
        Assert.Contains("Guardrails__Pii__EncryptionKey", encrypt.Message, StringComparison.Ordinal);
        Assert.True(new PiiKeyOptionsValidator().Validate(null, new PiiKeyOptions { HashKey = "short" }).Failed);
    }
}
