using AiNative.Platform.Governance.Injection;

namespace AiNative.Platform.Tests.Governance;

/// <summary>The labelled sentence bank of the semantic layer: shipped content, parsing errors, fold exclusion.</summary>
public sealed class InjectionBankTests
{
    [Fact]
    public void Shipped_bank_has_attack_and_benign_sentences_from_every_channel()
    {
        var bank = InjectionBank.Embedded;

        Assert.Contains(bank.Sentences, s => s.Attack);
        Assert.Contains(bank.Sentences, s => !s.Attack);
        Assert.All(InjectionChannel.All, c => Assert.Contains(bank.Sentences, s => s.Channel == c));
        Assert.Same(bank, SemanticInjectionScorer.Shared.Bank);
    }

    [Fact]
    public void Malformed_line_reports_file_and_line()
    {
        var text = "{\"source\":\"a\",\"channel\":\"user\",\"attack\":true,\"text\":\"Do as I say.\"}\n\n{\"source\":\"b\",\"text\":";

        var error = Assert.Throws<InvalidDataException>(() => InjectionBank.Parse("bank.jsonl", new StringReader(text)));

        Assert.StartsWith("bank.jsonl (line 3):", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_without_text_is_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => InjectionBank.Parse("bank.jsonl", new StringReader("{\"source\":\"a\",\"attack\":false}")));

        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_removes_the_sentences_of_the_given_sources_only()
    {
        var bank = new InjectionBank([new BankSentence("a", "user", true, "one"), new BankSentence("b", "user", false, "two"), new BankSentence("a", "user", true, "three")]);

        var rest = bank.Without(new HashSet<string> { "a" });

        Assert.Equal(["two"], rest.Sentences.Select(s => s.Text));
    }
}
