using AiNative.Platform.AgentPlane.Memory;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Sessions;

/// <summary>Appends messages to a session's memory (redacted before storage; a retried append with the same key is a no-op).</summary>
public sealed class RememberMessages(IConversationMemory memory)
{
    [Function(nameof(RememberMessages))]
    public async Task<int> Run([ActivityTrigger] MemoryAppend input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var session = await memory.AppendAsync(input.SessionId, input.Agent, input.AppendKey, input.Messages);
        return session.MessageCount;
    }
}

/// <summary>Messages to append to a session's memory under an idempotency key.</summary>
public sealed record MemoryAppend(string SessionId, string Agent, string AppendKey, IReadOnlyList<ConversationMessage> Messages);
