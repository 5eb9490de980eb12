using System.ComponentModel.DataAnnotations;

namespace AiNative.Platform.AgentPlane.Memory;

/// <summary>Limits of agent sessions, memory and tool loops (configuration section <c>Agents</c>, e.g. <c>Agents__MemoryTokenBudget</c>).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>
    /// Tokens of conversation (summary plus recent messages) sent to the model per step. The default model's
    /// context window minus <see cref="ReservedOutputTokens"/> caps it, whichever is smaller.
    /// </summary>
    [Range(256, 1_000_000)]
    public int MemoryTokenBudget { get; set; } = 4000;

    /// <summary>Tokens kept free in the context window for the model's answer.</summary>
    [Range(64, 100_000)]
    public int ReservedOutputTokens { get; set; } = 1024;

    /// <summary>Turns a session orchestration runs before it continues as new (its history restarts; memory stays in storage).</summary>
    [Range(1, 1000)]
    public int SessionTurnsPerGeneration { get; set; } = 10;

    /// <summary>A session with no user message for this long closes itself.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Model steps (tool rounds) one user turn may take before the agent stops and says so.</summary>
    [Range(1, 50)]
    public int MaxStepsPerTurn { get; set; } = 6;
}
