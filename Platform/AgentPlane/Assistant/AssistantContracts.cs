using System.Text.Json;

namespace AiNative.Platform.AgentPlane.Assistant;

/// <summary>
/// One model step of the assistant's tool loop: the session whose memory holds the conversation, the turn it belongs
/// to (<paramref name="TurnId"/>, an orchestration instance id), the step number, the agent, and the tools it may use.
/// </summary>
public sealed record AssistantStepRequest(string SessionId, string TurnId, int Step, string Agent, IReadOnlyList<string> Tools);

/// <summary>
/// What the model decided: a final <see cref="Reply"/>, or tool calls to run first. <see cref="Mode"/> says whether a
/// tool-calling model decided (<c>model</c>) or the offline development fallback did (<c>fallback</c>).
/// </summary>
public sealed record AssistantStep(string? Reply, IReadOnlyList<PlannedToolCall> ToolCalls, string Model, string Mode, int WindowTokens, int OmittedMessages);

/// <summary>A tool call the model asked for: its id, the tool, the arguments (JSON object) and the tool's risk.</summary>
public sealed record PlannedToolCall(string CallId, string Tool, JsonElement Arguments, string Risk);

/// <summary>Values of <see cref="AssistantStep.Mode"/>.</summary>
public static class AssistantModes
{
    public const string Model = "model";
    public const string Fallback = "fallback";
}
