using AiNative.Platform.ModelPlane.Resilience;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>Every model of the route failed; <see cref="Tried"/> says how (HTTP 429 or 503 at the edge).</summary>
public sealed class ModelUnavailableException : ModelCallFailedException
{
    public ModelUnavailableException() { }

    public ModelUnavailableException(string message) : base(message) { }

    public ModelUnavailableException(string message, Exception inner) : base(message, inner) { }

    public ModelUnavailableException(IReadOnlyList<string> tried, ModelFailureKind kind, TimeSpan? retryAfter, Exception? last)
        : base($"No model could answer: {string.Join("; ", tried)}", kind, retryAfter, last) => Tried = tried;

    public IReadOnlyList<string> Tried { get; } = [];
}
