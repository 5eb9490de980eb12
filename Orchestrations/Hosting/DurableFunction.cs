using System.Reflection;

namespace AiNative.Orchestrations.Hosting;

/// <summary>One orchestrator or activity found through its <c>[Function]</c> attribute.</summary>
public sealed record DurableFunction(string Name, DurableFunctionKind Kind, MethodInfo Method, Type InputType, Type OutputType);

/// <summary>What a durable function is.</summary>
public enum DurableFunctionKind
{
    Orchestrator,
    Activity,
}
