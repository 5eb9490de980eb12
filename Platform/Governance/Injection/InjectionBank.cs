using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiNative.Platform.Governance.Injection;

/// <summary>One labelled sentence of the nearest-neighbour bank: from an attack (the sentence carrying it) or from a benign text.</summary>
public sealed record BankSentence(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("attack")] bool Attack,
    [property: JsonPropertyName("text")] string Text);

/// <summary>
/// The labelled sentence bank of the semantic layer (<c>catalog/guardrails/injection-bank.jsonl</c>), built by
/// <c>bench/Injection --write-bank</c> from the labelled sets: a kNN vote over it complements the hand-written exemplars.
/// </summary>
public sealed class InjectionBank
{
    /// <summary>Name of the bank file (and of the copy embedded in the assembly).</summary>
    public const string FileName = "injection-bank.jsonl";

    private static readonly Lazy<InjectionBank> EmbeddedBank = new(() =>
    {
        using var stream = typeof(InjectionBank).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded in {typeof(InjectionBank).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(FileName, reader);
    });

    /// <summary>A bank of the given sentences.</summary>
    public InjectionBank(IReadOnlyList<BankSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        Sentences = sentences;
    }

    /// <summary>The bank built into the assembly.</summary>
    public static InjectionBank Embedded => EmbeddedBank.Value;

    /// <summary>The labelled sentences.</summary>
    public IReadOnlyList<BankSentence> Sentences { get; }

    /// <summary>Reads JSONL; a malformed line fails with its file and line number.</summary>
    public static InjectionBank Parse(string file, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sentences = new List<BankSentence>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                var sentence = JsonSerializer.Deserialize<BankSentence>(line);
                if (sentence is null || string.IsNullOrWhiteSpace(sentence.Text) || string.IsNullOrWhiteSpace(sentence.Source))
                {
                    throw new InvalidDataException($"{file} (line {number}): source and text are required");
                }

                sentences.Add(sentence);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file} (line {number}): {e.Message}", e);
            }
        }

        return new InjectionBank(sentences);
    }

    /// <summary>The bank without the sentences of the given source texts (cross-validation: a text must not vote for itself).</summary>
    public InjectionBank Without(IReadOnlySet<string> sources) => new([.. Sentences.Where(s => !sources.Contains(s.Source))]);
}
