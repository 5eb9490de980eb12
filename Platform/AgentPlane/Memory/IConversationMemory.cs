namespace AiNative.Platform.AgentPlane.Memory;

/// <summary>Per-session conversation memory in durable storage: survives restarts; every text is PII-redacted before it is stored.</summary>
public interface IConversationMemory
{
    /// <summary>The session's header, or null when nothing was stored for it yet.</summary>
    Task<SessionMemory?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends messages (redacted first) in order. <paramref name="appendKey"/> makes a retried append a no-op: an
    /// append whose key equals the session's last applied key is skipped. Returns the session header after the append.
    /// </summary>
    Task<SessionMemory> AppendAsync(string sessionId, string agent, string appendKey, IReadOnlyList<ConversationMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Messages with a sequence number above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<RememberedMessage>> ReadAsync(string sessionId, int afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>Replaces the running summary, which now covers every message up to <paramref name="throughSequence"/>.</summary>
    Task<SessionMemory> SaveSummaryAsync(string sessionId, string summary, int throughSequence, CancellationToken cancellationToken = default);
}

/// <summary>Raised when a session id cannot be used (empty, too long, or with characters storage keys forbid).</summary>
public sealed class InvalidSessionIdException : ArgumentException
{
    public InvalidSessionIdException() { }

    public InvalidSessionIdException(string message) : base(message) { }

    public InvalidSessionIdException(string message, Exception inner) : base(message, inner) { }
}
