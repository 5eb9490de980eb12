using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Memory;

/// <summary>
/// Keeps a session's conversation within the model's context window: builds the window sent to the model, and when
/// the unsummarised messages outgrow the budget, folds the oldest of them into the running summary (a model call
/// through the gateway, prompt <c>summarize-conversation</c>) so later windows keep their gist.
/// </summary>
public sealed partial class ConversationContext(
    IConversationMemory memory,
    ConversationSummarizer summarizer,
    ModelRegistry models,
    IOptions<AgentOptions> options,
    ILogger<ConversationContext> logger)
{
    /// <summary>The tokens a window may hold: the configured budget, capped by the default model's context window less the answer's reserve.</summary>
    public int Budget
    {
        get
        {
            var configured = options.Value.MemoryTokenBudget;
            var window = models.Default.ContextWindow;
            return window > 0 ? Math.Max(256, Math.Min(configured, window - options.Value.ReservedOutputTokens)) : configured;
        }
    }

    /// <summary>The summary and the newest messages that fit <see cref="Budget"/>.</summary>
    public async Task<ConversationWindow> WindowAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var session = await memory.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new ConversationWindow(null, [], 0, 0);
        }

        var messages = await memory.ReadAsync(sessionId, session.SummaryThrough, cancellationToken).ConfigureAwait(false);
        return ConversationWindow.Fit(session.Summary, session.SummaryTokens, messages, Budget);
    }

    /// <summary>
    /// When summary plus unsummarised messages exceed the budget, summarises the oldest messages so the newest half
    /// of the budget stays verbatim. If the model fails, nothing is summarised and windows simply trim older turns.
    /// </summary>
    public async Task<CompactionResult> CompactAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var session = await memory.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new CompactionResult(false, 0, 0, 0);
        }

        var messages = await memory.ReadAsync(sessionId, session.SummaryThrough, cancellationToken).ConfigureAwait(false);
        var total = session.SummaryTokens + messages.Sum(m => m.Tokens);
        var budget = Budget;
        if (total <= budget || messages.Count < 2)
        {
            return new CompactionResult(false, session.SummaryThrough, total, messages.Count);
        }

        // Keep the newest messages within half the budget; fold everything older (always at least one message).
        var keep = 0;
        var kept = 0;
        for (var i = messages.Count - 1; i > 0 && kept + messages[i].Tokens <= budget / 2; i--)
        {
            kept += messages[i].Tokens;
            keep++;
        }

        var folded = messages.Take(messages.Count - keep).ToList();
        string summary;
        try
        {
            summary = await summarizer.SummarizeAsync(session.Summary, folded.Select(m => m.Message).ToList(), budget / 4, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelCallException e)
        {
            Log.SummaryFailed(logger, sessionId, e.GetType().Name);
            return new CompactionResult(false, session.SummaryThrough, total, messages.Count);
        }

        var saved = await memory.SaveSummaryAsync(sessionId, summary, folded[^1].Sequence, cancellationToken).ConfigureAwait(false);
        var remaining = messages.Skip(folded.Count).ToList();
        Log.Summarized(logger, sessionId, folded.Count, saved.SummaryThrough);
        return new CompactionResult(true, saved.SummaryThrough, saved.SummaryTokens + remaining.Sum(m => m.Tokens), remaining.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Session {SessionId}: summarised {Count} older messages (summary now covers through message {Through})")]
        public static partial void Summarized(ILogger logger, string sessionId, int count, int through);

        [LoggerMessage(2, LogLevel.Warning, "Session {SessionId}: summarising older messages failed ({ErrorType}); the window trims them instead")]
        public static partial void SummaryFailed(ILogger logger, string sessionId, string errorType);
    }
}

/// <summary>What a compaction did: whether it summarised, through which message, and the tokens and messages left unsummarised.</summary>
public sealed record CompactionResult(bool Summarized, int SummaryThrough, int Tokens, int UnsummarizedMessages);
