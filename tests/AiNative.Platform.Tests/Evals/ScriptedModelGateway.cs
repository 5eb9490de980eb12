using System.Collections.Concurrent;
using System.Text.Json;
using AiNative.Platform.ModelPlane;

namespace AiNative.Platform.Tests.Evals;

/// <summary>A deterministic model at the gateway boundary: answers each request with a function of the request, and records it.</summary>
internal sealed class ScriptedModelGateway(Func<ModelRequest, ModelResponse> answer) : IModelGateway
{
    public ConcurrentQueue<ModelRequest> Requests { get; } = new();

    public Task<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        return Task.FromResult(answer(request));
    }

    /// <summary>Answers with JSON output for the prompt, as a schema-checked gateway would.</summary>
    public static ModelResponse Json(ModelRequest request, object output, string model = "scripted-1", string version = "2.1.0") =>
        new(JsonSerializer.Serialize(output), JsonSerializer.SerializeToElement(output), model, request.PromptId, version, 120, 30);

    /// <summary>Answers with plain text.</summary>
    public static ModelResponse Text(ModelRequest request, string text) =>
        new(text, null, "scripted-1", request.PromptId, "1.0.0", 80, 20);

    /// <summary>A gateway whose every call fails like an unreachable or schema-breaking model.</summary>
    public static ScriptedModelGateway Failing(Exception error) => new(_ => throw error);
}
