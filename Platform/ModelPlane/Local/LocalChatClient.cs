using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiNative.Platform.Governance.Spotlighting;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.ModelPlane.Local;

/// <summary>
/// DEVELOPMENT FALLBACK, NOT A LANGUAGE MODEL: an offline <see cref="IChatClient"/> that answers by extraction so the
/// platform runs end to end without a model endpoint.
/// </summary>
/// <remarks>
/// <para>Plain text requests get the most relevant sentences of the supplied context (the user messages), ranked by
/// MiniLM embedding similarity to the question with a BM25 keyword tie-break. It never writes new text.</para>
/// <para>JSON schema requests (<see cref="ChatResponseFormatJson"/> with a schema) get schema-guided extraction from the
/// original user message (<see cref="SchemaGuidedExtractor"/>): every property is filled by generic per-type rules,
/// and a property named or described as a confidence receives the extractor's own confidence. Follow-up turns (such
/// as a re-ask after validation errors) do not change the evidence, so the answer is deterministic.</para>
/// <para>It cannot reason, follow instructions or apply policies written in the system prompt. Use a real model
/// (provider <c>openai-compatible</c> or <c>azure-openai</c>) for anything beyond development and tests.</para>
/// </remarks>
public sealed class LocalChatClient : IChatClient
{
    /// <summary>The model id this client reports in responses and metadata.</summary>
    public const string ModelId = "local-extractive";

    private const int StreamChunkChars = 24;

    // Readable output ("£300", not "\u00A3300"); the answer is data, never embedded in HTML.
    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ExtractiveAnswerer answerer;
    private readonly SchemaGuidedExtractor extractor;
    private readonly TokenCounter tokens;
    private readonly TimeProvider timeProvider;
    private readonly ChatClientMetadata metadata = new("local", null, ModelId);

    public LocalChatClient(IEmbeddingGenerator<string, Embedding<float>> embeddings, TokenCounter tokens, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        answerer = new ExtractiveAnswerer(embeddings);
        extractor = new SchemaGuidedExtractor(embeddings);
        this.tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages.ToList();
        // An extractive model quotes its sources: spotlighting marks on untrusted passages would end up in the answer.
        var text = await AnswerAsync([.. history.Select(Unmarked)], options, cancellationToken).ConfigureAwait(false);
        var input = tokens.Count(history);
        var output = tokens.Count(text);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = ModelId,
            CreatedAt = timeProvider.GetUtcNow(),
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var text = response.Text;
        var responseId = $"local-{timeProvider.GetUtcNow().ToUnixTimeMilliseconds()}";
        for (var start = 0; start < text.Length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(text.Length, start + StreamChunkChars);
            var space = end < text.Length ? text.IndexOf(' ', end) : -1;
            end = space > 0 && space - end < StreamChunkChars ? space + 1 : end;
            yield return new ChatResponseUpdate(ChatRole.Assistant, text[start..end]) { ModelId = ModelId, ResponseId = responseId };
            start = end;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(response.Usage!)])
        {
            ModelId = ModelId,
            ResponseId = responseId,
            FinishReason = ChatFinishReason.Stop,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private static ChatMessage Unmarked(ChatMessage message) =>
        message.Contents.All(c => c is TextContent) && message.Text.Contains("<<untrusted", StringComparison.Ordinal)
            ? new ChatMessage(message.Role, Spotlighter.Unmark(message.Text))
            : message;

    public void Dispose()
    {
        // Nothing owned: the embedding generator belongs to the container.
    }

    private async Task<string> AnswerAsync(List<ChatMessage> history, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            var source = string.Join("\n\n", OriginalRequest(history).Select(m => m.Text));
            if (json.Schema is { } schema)
            {
                var result = await extractor.ExtractAsync(source, schema, cancellationToken).ConfigureAwait(false);
                return result.Output.ToJsonString(JsonOutput);
            }

            var (jsonQuestion, jsonContext) = SplitQuestion(history);
            var answer = await answerer.AnswerAsync(jsonQuestion, jsonContext, cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["answer"] = answer }.ToJsonString(JsonOutput);
        }

        var (question, context) = SplitQuestion(history);
        return await answerer.AnswerAsync(question, context, cancellationToken).ConfigureAwait(false);
    }

    // The request as first asked: user and tool turns before the first assistant turn.
    private static IEnumerable<ChatMessage> OriginalRequest(List<ChatMessage> history) =>
        history.TakeWhile(m => m.Role != ChatRole.Assistant).Where(m => m.Role == ChatRole.User || m.Role == ChatRole.Tool);

    /// <summary>The question is the last user turn's questions (sentences ending in '?') or its last paragraph; the rest is context.</summary>
    private static (string Question, List<string> Context) SplitQuestion(List<ChatMessage> history)
    {
        var context = history.Where(m => m.Role == ChatRole.User || m.Role == ChatRole.Tool).Select(m => m.Text).ToList();
        var lastUser = history.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var questions = TextAnalysis.Segment(lastUser).Where(s => s.Text.EndsWith('?')).Select(s => s.Text).ToList();
        var question = questions.Count > 0
            ? TextAnalysis.JoinSentences(questions)
            : lastUser.Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        var lastIndex = context.LastIndexOf(lastUser);
        if (lastIndex >= 0 && question.Length > 0)
        {
            context[lastIndex] = lastUser.Replace(question, "", StringComparison.Ordinal);
        }

        return (question, context);
    }
}
