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
/// tools (except compensating undo tools) by MiniLM cosine similarity between the message and "name: description" plus 0.1 per word (four letters or
/// more) the two share; the best tool at or above <see cref="MinScore"/> is called. (2) Its arguments come from the
/// offline model's schema-guided extraction over the message with the tool's input schema: required fields, and
/// optional fields only when the schema constrains them (enum, pattern, number); unfound fields are left out. (3) Once the tool answered (the newest message is its result), the reply quotes that result. (4) When no tool
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

        // Compensating tools (another tool's undo) take that tool's output; a request never selects them directly.
        var candidates = tools.Where(t => !tools.Any(o => string.Equals(o.Undo, t.Name, StringComparison.Ordinal))).ToList();
        if (last.Role == ConversationRoles.User && candidates.Count > 0)
        {
            var (tool, score) = await BestToolAsync(last.Text, candidates, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The best tool for the text and its score.</summary>
    public async Task<(ToolDefinition Tool, double Score)> BestToolAsync(string text, IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken = default)
    {
        var scores = await ScoreAsync(text, tools, cancellationToken).ConfigureAwait(false);
        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return (tools[best], scores[best]);
    }

    /// <summary>
    /// Each tool's score for the text: MiniLM cosine similarity of the text and "name: description", plus 0.1 per
    /// word of the tool's name or description (four letters or more) that the text also contains.
    /// </summary>
    public async Task<IReadOnlyList<double>> ScoreAsync(string text, IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tools);
        var inputs = new List<string> { text };
        inputs.AddRange(tools.Select(Describe));
        var vectors = await embeddings.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        var query = vectors[0].Vector.Span;
        var words = Stems(text);
        var scores = new List<double>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            var shared = Stems(Describe(tools[i])).Count(words.Contains);
            scores.Add(Math.Round(TensorPrimitives.CosineSimilarity(query, vectors[i + 1].Vector.Span) + 0.1 * shared, 4));
        }

        return scores;
    }

    private static string Describe(ToolDefinition tool) => $"{tool.Name.Replace('_', ' ')}: {tool.Description}";

    // Lower-case words of four letters or more, with a trailing plural "s" dropped ("logs" matches "log").
    private static HashSet<string> Stems(string text) =>
        Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 4).Select(w => w.EndsWith('s') ? w[..^1] : w).ToHashSet(StringComparer.Ordinal);

    private async Task<JsonElement> ExtractArgumentsAsync(string text, ToolDefinition tool, CancellationToken cancellationToken)
    {
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, text)],
            new ChatOptions { ModelId = LocalChatClient.ModelId, ResponseFormat = ChatResponseFormat.ForJsonSchema(tool.InputSchemaJson, tool.Name) },
            cancellationToken).ConfigureAwait(false);
        var extracted = JsonNode.Parse(response.Text) as JsonObject ?? [];
        var schema = tool.InputSchemaJson;
        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        var arguments = new JsonObject();
        foreach (var (name, value) in extracted)
        {
            // Declared fields with a value, and of the optional ones only those the schema constrains (enum, pattern,
            // number): an unconstrained optional text would be filled with the whole message and narrow the call wrongly.
            if (value is not null && schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var property)
                && (required.Contains(name) || IsConstrained(property)))
            {
                arguments[name] = value.DeepClone();
            }
        }

        return JsonSerializer.SerializeToElement(arguments);
    }

    private static bool IsConstrained(JsonElement property) =>
        property.TryGetProperty("enum", out _) || property.TryGetProperty("pattern", out _)
        || (property.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is "integer" or "number");

    private static AssistantStep Reply(string text) => new(text, [], LocalChatClient.ModelId, AssistantModes.Fallback, 0, 0);

    private static string Cut(string text) => text.Length <= MaxQuotedChars ? text : text[..MaxQuotedChars] + " …";

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex Words();
}
