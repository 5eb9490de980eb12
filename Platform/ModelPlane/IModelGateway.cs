using System.Text.Json;

namespace AiNative.Platform.ModelPlane;

/// <summary>Every model call of the product goes through here: prompt from the catalog, routing, schema-checked output.</summary>
public interface IModelGateway
{
    /// <summary>Renders the catalog prompt <see cref="ModelRequest.PromptId"/> with the variables and calls the chat model.</summary>
    /// <exception cref="ModelCallException">The model failed or its output broke the prompt's schema after the allowed retries.</exception>
    Task<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A model call by prompt id; variables fill the prompt's template.</summary>
/// <remarks><see cref="Routing"/> says what the call needs (capabilities, compliance, region, cost or latency); null uses the default model.</remarks>
public sealed record ModelRequest(string PromptId, IReadOnlyDictionary<string, string> Variables, string? Tenant = null, Routing.RoutingHints? Routing = null);

/// <summary>
/// A model's answer. <see cref="Output"/> is the parsed JSON when the prompt declares an output schema; <see cref="Routing"/>
/// (model, reason, fallbacks tried) and <see cref="Cost"/> (all attempts, from the registry's token_cost) come from the gateway.
/// </summary>
public sealed record ModelResponse(
    string Text,
    JsonElement? Output,
    string Model,
    string PromptId,
    string PromptVersion,
    long InputTokens,
    long OutputTokens,
    Routing.RoutingDecision? Routing = null,
    decimal Cost = 0);

/// <summary>A model call that could not produce a valid answer.</summary>
public sealed class ModelCallException : Exception
{
    public ModelCallException() { }

    public ModelCallException(string message) : base(message) { }

    public ModelCallException(string message, Exception inner) : base(message, inner) { }

    public ModelCallException(string message, IReadOnlyList<string> errors) : base(message) => Errors = errors;

    /// <summary>The validation errors of the last answer, when the output broke the prompt's schema.</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
