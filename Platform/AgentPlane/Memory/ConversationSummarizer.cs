using System.Text;
using AiNative.Platform.ModelPlane;

namespace AiNative.Platform.AgentPlane.Memory;

/// <summary>
/// Folds older turns into a running summary with the catalog prompt <c>summarize-conversation</c> through the gateway.
/// The offline <c>local-extractive</c> model answers with the transcript's most relevant sentences: a usable, extractive summary.
/// </summary>
public sealed class ConversationSummarizer(IModelGateway gateway, TokenCounter tokens)
{
    public const string PromptId = "summarize-conversation";

    /// <summary>A new summary covering <paramref name="previous"/> and <paramref name="messages"/>, cut to <paramref name="maxTokens"/>.</summary>
    public async Task<string> SummarizeAsync(string? previous, IReadOnlyList<ConversationMessage> messages, int maxTokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var response = await gateway.CompleteAsync(
            new ModelRequest(PromptId, new Dictionary<string, string>
            {
                ["previous_summary"] = string.IsNullOrWhiteSpace(previous) ? "(none)" : previous,
                ["conversation"] = Transcript(messages),
            }),
            cancellationToken).ConfigureAwait(false);
        return Cut(response.Text.Trim(), Math.Max(32, maxTokens));
    }

    /// <summary>One line per message: <c>user: ...</c>, <c>assistant: ...</c>, <c>assistant called tool(args)</c>, <c>tool result: ...</c>.</summary>
    public static string Transcript(IEnumerable<ConversationMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder();
        foreach (var m in messages)
        {
            text.AppendLine(m.IsToolCall ? $"assistant called {m.ToolName}({m.ToolArguments})."
                : m.Role == ConversationRoles.Tool ? $"{m.ToolName} returned: {m.Text}"
                : $"{m.Role}: {m.Text}");
        }

        return text.ToString();
    }

    // Cut at a sentence or word boundary below the token cap.
    private string Cut(string text, int maxTokens)
    {
        if (tokens.Count(text) <= maxTokens)
        {
            return text;
        }

        var chars = Math.Min(text.Length, maxTokens * 3);
        while (chars > 0 && tokens.Count(text[..chars]) > maxTokens)
        {
            chars = chars * 3 / 4;
        }

        var cut = text[..chars];
        var end = Math.Max(cut.LastIndexOf(". ", StringComparison.Ordinal) + 1, cut.LastIndexOf(' '));
        return (end > chars / 2 ? cut[..end] : cut).TrimEnd() + " …";
    }
}
