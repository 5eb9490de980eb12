using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace AiNative.Activities.Sessions;

/// <summary>
/// The tools an agent may use (every registry tool whose permissions the agent holds) and its step limit, read from
/// configuration once per turn and recorded in history, so the orchestration replays with the same values.
/// </summary>
public sealed class DescribeAgent(ToolRegistry tools, IOptions<AgentOptions> options)
{
    [Function(nameof(DescribeAgent))]
    public Task<AgentProfile> Run([ActivityTrigger] AgentProfileRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var granted = input.Permissions.ToHashSet(StringComparer.Ordinal);
        var usable = tools.All.Where(t => t.Permissions.All(granted.Contains)).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(new AgentProfile(input.Agent, usable, options.Value.MaxStepsPerTurn));
    }
}

/// <summary>Which agent, with which permissions.</summary>
public sealed record AgentProfileRequest(string Agent, IReadOnlyList<string> Permissions);

/// <summary>The tools an agent may call and how many model steps a turn may take.</summary>
public sealed record AgentProfile(string Agent, IReadOnlyList<string> Tools, int MaxStepsPerTurn);
