namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>Settings of tool execution (configuration section <c>Tools</c>, e.g. <c>Tools__DrillDelayAfterExecute</c>).</summary>
public sealed class ToolOptions
{
    public const string Section = "Tools";

    /// <summary>
    /// Failure drill: wait this long after a tool acted and before its result is recorded, so a durability drill can
    /// kill the host in exactly that window. Zero (the default) in every real deployment.
    /// </summary>
    public TimeSpan DrillDelayAfterExecute { get; set; } = TimeSpan.Zero;

    /// <summary>The tool the drill delay applies to; empty means every tool.</summary>
    public string DrillTool { get; set; } = "";
}
