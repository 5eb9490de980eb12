namespace AiNative.Platform.AgentPlane.Memory;

/// <summary>
/// What of a conversation is sent to the model: the running summary of older turns and the most recent messages
/// that fit the token budget, oldest first. <see cref="Omitted"/> counts unsummarised messages left out.
/// </summary>
public sealed record ConversationWindow(string? Summary, IReadOnlyList<RememberedMessage> Messages, int Tokens, int Omitted)
{
    /// <summary>
    /// Fits the summary and the newest messages into <paramref name="budget"/> tokens. A tool result never appears
    /// without the tool call it answers (models refuse such a conversation), so an orphaned result is left out too.
    /// </summary>
    public static ConversationWindow Fit(string? summary, int summaryTokens, IReadOnlyList<RememberedMessage> messages, int budget)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var used = string.IsNullOrEmpty(summary) ? 0 : summaryTokens;
        var kept = new List<RememberedMessage>();
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (used + messages[i].Tokens > budget && kept.Count > 0)
            {
                break;
            }

            // The newest message always goes in, even alone over budget: a turn without the user's question is useless.
            used += messages[i].Tokens;
            kept.Add(messages[i]);
        }

        kept.Reverse();
        var calls = kept.Where(m => m.Message.IsToolCall).Select(m => m.Message.ToolCallId).ToHashSet(StringComparer.Ordinal);
        var window = kept.Where(m => m.Message.Role != ConversationRoles.Tool || calls.Contains(m.Message.ToolCallId)).ToList();
        return new ConversationWindow(
            string.IsNullOrEmpty(summary) ? null : summary,
            window,
            (string.IsNullOrEmpty(summary) ? 0 : summaryTokens) + window.Sum(m => m.Tokens),
            messages.Count - window.Count);
    }
}
