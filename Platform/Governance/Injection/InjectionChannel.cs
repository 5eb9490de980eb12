namespace AiNative.Platform.Governance.Injection;

/// <summary>Where a text comes from: the user, a retrieved document, or a tool's output. Indirect attacks live in the last two.</summary>
public static class InjectionChannel
{
    public const string User = "user";
    public const string Document = "document";
    public const string ToolOutput = "tool_output";

    /// <summary>Every channel, in the order policies and reports list them.</summary>
    public static IReadOnlyList<string> All { get; } = [User, Document, ToolOutput];

    /// <summary>True for a known channel name (exact, lower case).</summary>
    public static bool IsKnown(string? channel) => channel is User or Document or ToolOutput;

    /// <summary>True for content the user did not write: documents and tool outputs.</summary>
    public static bool IsUntrusted(string channel) => channel is Document or ToolOutput;
}

/// <summary>The detector's answer: a score from 0 to 1, whether it reaches the threshold, and why.</summary>
public sealed record InjectionVerdict(double Score, bool Injection, IReadOnlyList<string> Reasons)
{
    /// <summary>Nothing suspicious found.</summary>
    public static InjectionVerdict Clean { get; } = new(0, false, []);
}
