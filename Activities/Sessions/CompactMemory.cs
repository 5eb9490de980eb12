using AiNative.Platform.AgentPlane.Memory;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Sessions;

/// <summary>Folds a session's oldest messages into its running summary when the conversation outgrows the token budget (model call).</summary>
public sealed class CompactMemory(ConversationContext context)
{
    [Function(nameof(CompactMemory))]
    public Task<CompactionResult> Run([ActivityTrigger] string sessionId) => context.CompactAsync(sessionId);
}
