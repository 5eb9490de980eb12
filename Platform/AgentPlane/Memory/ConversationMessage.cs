namespace AiNative.Platform.AgentPlane.Memory;

/// <summary>
/// One message of a conversation as memory keeps it (already redacted). A tool call is an assistant message with
/// <see cref="ToolCallId"/>, <see cref="ToolName"/> and <see cref="ToolArguments"/>; its result is a tool message with the same id.
/// </summary>
public sealed record ConversationMessage(string Role, string Text, string? ToolCallId = null, string? ToolName = null, string? ToolArguments = null)
{
    public static ConversationMessage User(string text) => new(ConversationRoles.User, text);

    public static ConversationMessage Assistant(string text) => new(ConversationRoles.Assistant, text);

    public static ConversationMessage ToolCall(string callId, string tool, string argumentsJson) => new(ConversationRoles.Assistant, "", callId, tool, argumentsJson);

    public static ConversationMessage ToolResult(string callId, string tool, string resultJson) => new(ConversationRoles.Tool, resultJson, callId, tool);

    /// <summary>True for an assistant message that asks for a tool.</summary>
    public bool IsToolCall => Role == ConversationRoles.Assistant && ToolCallId is not null;
}

/// <summary>A message as stored: its position in the session, when it was stored and its token count.</summary>
public sealed record RememberedMessage(int Sequence, DateTimeOffset At, int Tokens, ConversationMessage Message);

/// <summary>Values of <see cref="ConversationMessage.Role"/>.</summary>
public static class ConversationRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";

    public static bool IsKnown(string role) => role is User or Assistant or Tool;
}

/// <summary>A session's memory header: who it belongs to, how many messages, and the running summary of the oldest ones.</summary>
public sealed record SessionMemory(
    string SessionId,
    string Agent,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount,
    string? Summary,
    int SummaryThrough,
    int SummaryTokens,
    string? LastAppendKey);
