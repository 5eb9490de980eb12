using System.Text.RegularExpressions;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.ModelPlane;

/// <summary>
/// The gateway: renders a catalog prompt, calls the chat pipeline, and for prompts with an <c>output_schema</c> reads
/// the JSON answer. The schema travels as the request's response format; the pipeline's guardrails stage
/// (<see cref="Governance.Gateway.GuardrailsChatClient"/>) is the one place that validates it and re-asks with the
/// validation errors (the policy's <c>output.max_reasks</c>), so a schema-breaking answer never reaches this class.
/// </summary>
/// <remarks>Token counts add up every attempt, so re-asks show in cost. Prompt text and answers are never logged.</remarks>
public sealed partial class ModelGateway(IChatClient chatClient, PromptRegistry prompts, TokenCounter tokens, ILogger<ModelGateway> logger) : IModelGateway
{
    /// <summary>Keys under <see cref="ChatOptions.AdditionalProperties"/> that tell pipeline stages (routing, caches, budgets) what is being called.</summary>
    public const string PromptIdProperty = "ainative.prompt_id";

    public const string PromptVersionProperty = "ainative.prompt_version";

    public const string TenantProperty = "ainative.tenant";

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

        var response = await CallAsync(prompt, messages, options, cancellationToken).ConfigureAwait(false);
        var inputTokens = response.Usage?.InputTokenCount ?? tokens.Count(messages);
        var outputTokens = response.Usage?.OutputTokenCount ?? tokens.Count(response.Text);
        var text = response.Text;
        var model = response.ModelId ?? chatClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        var cost = response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Cost) is decimal c ? c : 0;
        var routing = response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision) as RoutingDecision;
        if (prompt.CompiledSchema is null)
        {
            return new ModelResponse(text, null, model, prompt.Id, prompt.Version, inputTokens, outputTokens, routing, cost);
        }

        // Validated (and re-asked) by the guardrails stage; only a pipeline without that stage can get here with prose.
        if (!JsonAnswer.TryParse(text, out var output, out var error))
        {
            Log.InvalidOutput(logger, prompt.Id, prompt.Version);
            throw new ModelCallException($"Prompt '{prompt.Id}' {prompt.Version}: the model's answer is not JSON ({error}); is the guardrails stage missing from the chat pipeline?", [error]);
        }

        return new ModelResponse(text, output, model, prompt.Id, prompt.Version, inputTokens, outputTokens, routing, cost);
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
        catch (Governance.Gateway.OutputValidationException e)
        {
            Log.CallFailed(logger, prompt.Id, prompt.Version, e.GetType().Name);
            throw new ModelCallException($"Prompt '{prompt.Id}' {prompt.Version}: {e.Message}", e.Errors);
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

    [GeneratedRegex(@"[^A-Za-z0-9_-]")]
    private static partial Regex SchemaNameRegex();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Prompt {PromptId} {PromptVersion}: the answer is not JSON")]
        public static partial void InvalidOutput(ILogger logger, string promptId, string promptVersion);

        [LoggerMessage(2, LogLevel.Warning, "Prompt {PromptId} {PromptVersion}: the model call failed ({ErrorType})")]
        public static partial void CallFailed(ILogger logger, string promptId, string promptVersion, string errorType);
    }
}
