using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Local;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.AgentPlane.Assistant;

/// <summary>
/// DEVELOPMENT FALLBACK, NOT A MODEL: picks tools when no enabled model can call tools (the offline default,
/// <c>local-extractive</c>), so the assistant's loop, approvals and memory run end to end without an endpoint.
/// </summary>
/// <remarks>
/// <para>Deterministic rules, one tool per user message: (1) the newest message is the user's, so rank the allowed
/// tools by MiniLM cosine similarity between the message and "name: description" plus 0.1 per word of the tool's name
/// found in the message; the best tool at or above <see cref="MinScore"/> is called. (2) Its arguments come from the
/// offline model's schema-guided extraction over the message with the tool's input schema (unfound fields are left
/// out). (3) Once the tool answered (the newest message is its result), the reply quotes that result. (4) When no tool
/// scores high enough, the reply is the offline model's extractive answer over the conversation.</para>
/// <para>It cannot plan several steps, combine tools or judge results: use a tool-calling model for that.</para>
/// </remarks>
public sealed partial class LocalToolChooser(IChatClient chat, IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    /// <summary>The score a tool needs to be chosen.</summary>
    public const double MinScore = 0.35;

    private const int MaxQuotedChars = 1500;

    public async Task<AssistantStep> ChooseAsync(ConversationWindow window, IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(tools);
        var last = window.Messages.Count > 0 ? window.Messages[^1].Message : null;
        if (last is null)
        {
            return Reply("There is nothing to answer yet.");
        }

        if (last.Role == ConversationRoles.Tool)
        {
            return Reply($"{last.ToolName} returned: {Cut(last.Text)}");
        }

        if (last.Role == ConversationRoles.User && tools.Count > 0)
        {
            var (tool, score) = await BestToolAsync(last.Text, tools, cancellationToken).ConfigureAwait(false);
            if (score >= MinScore)
            {
                var arguments = await ExtractArgumentsAsync(last.Text, tool, cancellationToken).ConfigureAwait(false);
                var callId = $"local-{tool.Name}-{window.Messages[^1].Sequence}";
                return new AssistantStep(null, [new PlannedToolCall(callId, tool.Name, arguments, tool.Risk)], LocalChatClient.ModelId, AssistantModes.Fallback, 0, 0);
            }
        }

        var answer = await chat.GetResponseAsync(
            [.. window.Messages.Where(m => !m.Message.IsToolCall).Select(m => new ChatMessage(ChatRole.User, m.Message.Text))],
            new ChatOptions { ModelId = LocalChatClient.ModelId },
            cancellationToken).ConfigureAwait(false);
        return Reply(answer.Text.Length > 0 ? answer.Text : "I could not find a tool or an answer for that.");
    }

    /// <summary>The best tool for the text and its score (cosine similarity plus name-word bonus).</summary>
    public async Task<(ToolDefinition Tool, double Score)> BestToolAsync(string text, IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var inputs = new List<string> { text };
        inputs.AddRange(tools.Select(t => $"{t.Name.Replace('_', ' ')}: {t.Description}"));
        var vectors = await embeddings.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        var query = vectors[0].Vector.Span;
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var best = (Tool: tools[0], Score: double.MinValue);
        for (var i = 0; i < tools.Count; i++)
        {
            var score = TensorPrimitives.CosineSimilarity(query, vectors[i + 1].Vector.Span)
                + 0.1 * tools[i].Name.Split('_').Count(w => words.Contains(w) || words.Contains(w.TrimEnd('s')));
            if (score > best.Score)
            {
                best = (tools[i], Math.Round(score, 4));
            }
        }

        return best;
    }

    private async Task<JsonElement> ExtractArgumentsAsync(string text, ToolDefinition tool, CancellationToken cancellationToken)
    {
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, text)],
            new ChatOptions { ModelId = LocalChatClient.ModelId, ResponseFormat = ChatResponseFormat.ForJsonSchema(tool.InputSchemaJson, tool.Name) },
            cancellationToken).ConfigureAwait(false);
        var extracted = JsonNode.Parse(response.Text) as JsonObject ?? [];
        var properties = tool.InputSchemaJson.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().Select(x => x.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        var arguments = new JsonObject();
        foreach (var (name, value) in extracted)
        {
            // Only declared fields with a value: the schema, not the extractor, decides what a call may carry.
            if (properties.Contains(name) && value is not null)
            {
                arguments[name] = value.DeepClone();
            }
        }

        return JsonSerializer.SerializeToElement(arguments);
    }

    private static AssistantStep Reply(string text) => new(text, [], LocalChatClient.ModelId, AssistantModes.Fallback, 0, 0);

    private static string Cut(string text) => text.Length <= MaxQuotedChars ? text : text[..MaxQuotedChars] + " …";

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex Words();
}
