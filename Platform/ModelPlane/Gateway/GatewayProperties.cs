namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>Keys the gateway reads from <c>ChatOptions.AdditionalProperties</c> and writes to responses.</summary>
public static class GatewayProperties
{
    /// <summary>Request: a <see cref="Routing.RoutingHints"/>.</summary>
    public const string Routing = "ainative.routing";

    /// <summary>Response: the <see cref="Routing.RoutingDecision"/>.</summary>
    public const string Decision = "ainative.routing_decision";

    /// <summary>Response: price of the call (decimal, from the registry's token_cost).</summary>
    public const string Cost = "ainative.cost";

    /// <summary>Response: true when the answer came from a cache.</summary>
    public const string Cached = "ainative.cached";
}
