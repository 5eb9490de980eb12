using Microsoft.Extensions.AI;

namespace AiNative.Platform.Tests.ModelPlane;

/// <summary>A chat model at the boundary that answers from a script and records what it was sent.</summary>
internal sealed class ScriptedChatClient(params string[] answers) : IChatClient
{
    private readonly Queue<string> answers = new(answers);

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add(([.. messages], options));
        var text = answers.Count > 1 ? answers.Dequeue() : answers.Peek();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = "scripted-model",
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
