namespace AiNative.Platform.ModelPlane.Routing;

/// <summary>What a call needs from a model (the seed's request capabilities and user context).</summary>
public sealed record RoutingHints(
    IReadOnlyList<string>? Capabilities = null,
    IReadOnlyList<string>? Compliance = null,
    string? Region = null,
    RoutingPriority Priority = RoutingPriority.Default,
    string? Model = null);

/// <summary>How to choose among the models that qualify.</summary>
public enum RoutingPriority
{
    /// <summary>The registry's default model when it qualifies, else the fastest.</summary>
    Default,

    /// <summary>Lowest observed p95 latency (the latency class's objective until calls are observed).</summary>
    Latency,

    /// <summary>Lowest estimated cost for this call (counted input tokens, maximum output tokens).</summary>
    Budget,
}

/// <summary>Which model answered, why it was chosen, and what was tried before it; returned with every answer.</summary>
public sealed record RoutingDecision(string Model, string Reason, IReadOnlyList<string> Tried)
{
    /// <summary>True when the answer came from a model other than the first choice.</summary>
    public bool FellBack => Tried.Count > 0;
}

/// <summary>The ordered models a call will try: the chosen one, then its fallbacks that also qualify.</summary>
public sealed record RoutePlan(IReadOnlyList<Registry.ModelDefinition> Chain, string Reason);

/// <summary>No model in the registry satisfies the call's requirements.</summary>
public sealed class NoQualifyingModelException : Exception
{
    public NoQualifyingModelException() { }

    public NoQualifyingModelException(string message) : base(message) { }

    public NoQualifyingModelException(string message, Exception inner) : base(message, inner) { }
}
