using System.Text.Json;
using System.Text.RegularExpressions;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.ModelPlane.Routing;
using Json.Schema;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.ModelPlane;

/// <summary>
/// The gateway: renders a catalog prompt, calls the chat pipeline, and for prompts with an <c>output_schema</c> parses
/// and validates the JSON answer, re-asking with the validation errors (at most <see cref="MaxReasks"/> times).
/// </summary>
/// <remarks>Token counts add up every attempt, so re-asks show in cost. Prompt text and answers are never logged.</remarks>
public sealed partial class ModelGateway(IChatClient chatClient, PromptRegistry prompts, TokenCounter tokens, ILogger<ModelGateway> logger) : IModelGateway
{
    /// <summary>How many times a schema-breaking answer is sent back for correction.</summary>
    public const int MaxReasks = 2;

    /// <summary>Keys under <see cref="ChatOptions.AdditionalProperties"/> that tell pipeline stages (routing, caches, budgets) what is being called.</summary>
    public const string PromptIdProperty = "ainative.prompt_id";

    public const string PromptVersionProperty = "ainative.prompt_version";

    public const string TenantProperty = "ainative.tenant";

    private static readonly EvaluationOptions ListErrors = new() { OutputFormat = OutputFormat.List };

    public async Task<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = prompts.Get(request.PromptId);
        var rendered = prompt.Render(request.Variables);
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(rendered.System))
        {
            messages.Add(new ChatMessage(ChatRole.System, rendered.System));
        }

        messages.Add(new ChatMessage(ChatRole.User, rendered.User));
        var options = CreateOptions(prompt, request.Tenant);
        if (request.Routing is not null)
        {
            options.AdditionalProperties![GatewayProperties.Routing] = request.Routing;
        }

        long inputTokens = 0, outputTokens = 0;
        decimal cost = 0;
        var tried = new List<string>();
        IReadOnlyList<string> errors = [];
        for (var attempt = 0; attempt <= MaxReasks; attempt++)
        {
            var response = await CallAsync(prompt, messages, options, cancellationToken).ConfigureAwait(false);
            inputTokens += response.Usage?.InputTokenCount ?? tokens.Count(messages);
            outputTokens += response.Usage?.OutputTokenCount ?? tokens.Count(response.Text);
            var text = response.Text;
            var model = response.ModelId ?? chatClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
            cost += response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Cost) is decimal c ? c : 0;
            var decision = response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision) as RoutingDecision;
            tried.AddRange(decision?.Tried ?? []);
            var routing = decision is null ? null : decision with { Tried = [.. tried] };
            if (prompt.CompiledSchema is null)
            {
                return new ModelResponse(text, null, model, prompt.Id, prompt.Version, inputTokens, outputTokens, routing, cost);
            }

            if (TryReadOutput(text, prompt.CompiledSchema, out var output, out errors))
            {
                return new ModelResponse(text, output, model, prompt.Id, prompt.Version, inputTokens, outputTokens, routing, cost);
            }

            Log.InvalidOutput(logger, prompt.Id, prompt.Version, attempt + 1, errors.Count);
            messages.AddRange(response.Messages);
            messages.Add(new ChatMessage(ChatRole.User, Reask(errors)));
        }

        throw new ModelCallException(
            $"Prompt '{prompt.Id}' {prompt.Version}: the model's answer broke the output schema after {MaxReasks} re-asks: {string.Join("; ", errors)}",
            errors);
    }

    /// <summary>Parses a JSON answer (tolerating ```json fences or prose around it) and validates it against the schema.</summary>
    internal static bool TryReadOutput(string text, JsonSchema schema, out JsonElement output, out IReadOnlyList<string> errors)
    {
        output = default;
        if (!TryParseJson(text, out var parsed, out var parseError))
        {
            errors = [$"the answer is not valid JSON ({parseError}); reply with one JSON object"];
            return false;
        }

        var result = schema.Evaluate(parsed, ListErrors);
        if (!result.IsValid)
        {
            errors = [.. (result.Details ?? [])
                .SelectMany(d => (d.Errors ?? []).Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "(root)")}: {e.Value}"))
                .Distinct(StringComparer.Ordinal)
                .DefaultIfEmpty("the answer does not match the schema")];
            return false;
        }

        output = parsed;
        errors = [];
        return true;
    }

    private async Task<ChatResponse> CallAsync(PromptDefinition prompt, List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await chatClient.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not ModelCallException)
        {
            Log.CallFailed(logger, prompt.Id, prompt.Version, e.GetType().Name);
            throw new ModelCallException($"Prompt '{prompt.Id}' {prompt.Version}: the model call failed: {e.Message}", e);
        }
    }

    private static ChatOptions CreateOptions(PromptDefinition prompt, string? tenant)
    {
        var options = new ChatOptions
        {
            Temperature = prompt.Temperature,
            MaxOutputTokens = prompt.MaxOutputTokens,
            ResponseFormat = prompt.OutputSchema is { } schema
                ? ChatResponseFormat.ForJsonSchema(schema, SchemaNameRegex().Replace(prompt.Id, "_"), prompt.Description.Length > 0 ? prompt.Description : null)
                : ChatResponseFormat.Text,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [PromptIdProperty] = prompt.Id,
                [PromptVersionProperty] = prompt.Version,
            },
        };
        if (tenant is not null)
        {
            options.AdditionalProperties[TenantProperty] = tenant;
        }

        return options;
    }

    private static bool TryParseJson(string text, out JsonElement element, out string error)
    {
        element = default;
        error = "empty answer";
        foreach (var candidate in Candidates(text))
        {
            try
            {
                using var document = JsonDocument.Parse(candidate);
                element = document.RootElement.Clone();
                return true;
            }
            catch (JsonException e)
            {
                error = e.Message;
            }
        }

        return false;
    }

    // Models often wrap JSON in ```json fences or add a sentence around it.
    private static IEnumerable<string> Candidates(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0)
        {
            yield return trimmed;
        }

        var fence = FenceRegex().Match(trimmed);
        if (fence.Success)
        {
            yield return fence.Groups["body"].Value;
        }

        var first = trimmed.IndexOf('{', StringComparison.Ordinal);
        var last = trimmed.LastIndexOf('}');
        if (first >= 0 && last > first && (first > 0 || last < trimmed.Length - 1))
        {
            yield return trimmed[first..(last + 1)];
        }
    }

    private static string Reask(IReadOnlyList<string> errors) =>
        "Your previous answer did not satisfy the required JSON schema:\n- " + string.Join("\n- ", errors)
        + "\nReply again with only the corrected JSON object (no explanations, no code fences).";

    [GeneratedRegex(@"```(?:json|JSON)?\s*\n?(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"[^A-Za-z0-9_-]")]
    private static partial Regex SchemaNameRegex();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Prompt {PromptId} {PromptVersion}: answer {Attempt} broke the output schema ({ErrorCount} errors)")]
        public static partial void InvalidOutput(ILogger logger, string promptId, string promptVersion, int attempt, int errorCount);

        [LoggerMessage(2, LogLevel.Warning, "Prompt {PromptId} {PromptVersion}: the model call failed ({ErrorType})")]
        public static partial void CallFailed(ILogger logger, string promptId, string promptVersion, string errorType);
    }
}
