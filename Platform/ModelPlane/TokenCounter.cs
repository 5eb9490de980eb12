using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace AiNative.Platform.ModelPlane;

/// <summary>Offline token counts with the gpt-4o tokenizer (o200k_base): budgets, usage when a provider reports none.</summary>
public sealed class TokenCounter
{
    /// <summary>The model whose encoding is used.</summary>
    public const string EncodingModel = "gpt-4o";

    // The tokenizer loads a 3.6 MB vocabulary: load once, on first use. Tiktoken encoding is thread-safe.
    private readonly Lazy<Tokenizer> tokenizer = new(() => TiktokenTokenizer.CreateForModel(EncodingModel), LazyThreadSafetyMode.ExecutionAndPublication);

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : tokenizer.Value.CountTokens(text);

    /// <summary>Tokens of the messages' text, with the few framing tokens chat formats add per message.</summary>
    public int Count(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Sum(m => Count(m.Text) + 4);
    }
}
