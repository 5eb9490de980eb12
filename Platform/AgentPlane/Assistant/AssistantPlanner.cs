using System.Text.Json;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.Governance.Policies;
using AiNative.Platform.Governance.Tools;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.ModelPlane.Registry;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.AgentPlane.Assistant;

/// <summary>
/// One step of the general tool-using agent: sends the session's context window (summary plus recent messages) and
/// the registry's tools as function declarations to the model, and returns its reply or its tool calls. What the
/// model said is stored in memory here; the tools themselves run in the orchestration, through the tool wrapper.
/// </summary>
/// <remarks>
/// When no enabled model can call tools (the offline default), <see cref="LocalToolChooser"/> decides instead: a
/// documented, deterministic development fallback, never presented as a model.
/// </remarks>
public sealed class AssistantPlanner(
    IChatClient chat,
    ConversationContext context,
    IConversationMemory memory,
    ToolRegistry tools,
    ModelRegistry models,
    PromptRegistry prompts,
    PolicyRegistry policies,
    LocalToolChooser fallback)
{
    public const string PromptId = "assistant-turn";

    public async Task<AssistantStep> PlanAsync(AssistantStepRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var window = await context.WindowAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        var allowed = request.Tools.Select(name => tools.TryGet(name, out var t) ? t : throw new ArgumentException($"Tool '{name}' is not in the registry.", nameof(request))).ToList();
        AssistantStep step;
        if (CanCallTools)
        {
            step = await AskModelAsync(window, allowed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            step = await fallback.ChooseAsync(window, allowed, cancellationToken).ConfigureAwait(false);
        }

        step = step with { ToolCalls = Guard(request, window, step.ToolCalls) };
        var said = step.ToolCalls.Count > 0
            ? step.ToolCalls.Select(c => ConversationMessage.ToolCall(c.CallId, c.Tool, c.Arguments.GetRawText())).ToList()
            : [ConversationMessage.Assistant(step.Reply ?? "")];
        await memory.AppendAsync(request.SessionId, request.Agent, $"{request.TurnId}:step:{request.Step}", said, cancellationToken).ConfigureAwait(false);
        return step with { WindowTokens = window.Tokens, OmittedMessages = window.Omitted };
    }

    /// <summary>
    /// The agent's policy decides each call: its call budget, tools that always need a person, high-risk tools, and
    /// risky calls once untrusted content (a tool's output) is in the context, where an indirect injection could steer the model.
    /// </summary>
    private IReadOnlyList<PlannedToolCall> Guard(AssistantStepRequest request, ConversationWindow window, IReadOnlyList<PlannedToolCall> calls)
    {
        var policy = policies.ForAgent(request.Agent);
        var untrusted = window.Messages.Any(m => m.Message.Role == ConversationRoles.Tool);
        return [.. calls.Select((call, i) =>
        {
            var risk = call.Risk == ToolRisks.High ? ToolRisk.High : call.Risk == ToolRisks.Low ? ToolRisk.Low : ToolRisk.Medium;
            var verdict = ToolCallGuard.Check(policy, new ToolCallRequest(call.Tool, risk, request.ToolCallsSoFar + i, untrusted));
            var decision = verdict.Decision switch
            {
                ToolCallDecision.Block => ToolGuardDecisions.Block,
                ToolCallDecision.RequireApproval => ToolGuardDecisions.RequireApproval,
                _ => ToolGuardDecisions.Allow,
            };
            return call with { Guard = decision, GuardReason = verdict.Explanation, GuardPolicy = $"{verdict.PolicyId}@{verdict.PolicyVersion}" };
        })];
    }

    /// <summary>True when an enabled model of the registry declares the <c>tool_use</c> capability.</summary>
    public bool CanCallTools => models.All.Any(m => m.Enabled && m.Capabilities.Contains(ModelCapabilities.ToolUse));

    private async Task<AssistantStep> AskModelAsync(ConversationWindow window, IReadOnlyList<ToolDefinition> allowed, CancellationToken cancellationToken)
    {
        var prompt = prompts.Get(PromptId);
        var messages = new List<ChatMessage> { new(ChatRole.System, prompt.Render(new Dictionary<string, string> { ["message"] = "" }).System) };
        if (window.Summary is { } summary)
        {
            messages.Add(new ChatMessage(ChatRole.System, $"Summary of the earlier conversation:\n{summary}"));
        }

        messages.AddRange(ToChatMessages(window.Messages.Select(m => m.Message)));
        var options = new ChatOptions
        {
            Temperature = prompt.Temperature,
            MaxOutputTokens = prompt.MaxOutputTokens,
            Tools = [.. allowed.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.InputSchemaJson))],
            ToolMode = ChatToolMode.Auto,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [ModelGateway.PromptIdProperty] = prompt.Id,
                [ModelGateway.PromptVersionProperty] = prompt.Version,
            },
        };
        var response = await chat.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var byName = allowed.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var calls = response.Messages
            .SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .Select(c => new PlannedToolCall(
                c.CallId,
                c.Name,
                JsonSerializer.SerializeToElement(c.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions),
                byName.TryGetValue(c.Name, out var tool) ? tool.Risk : ToolRisks.High))
            .ToList();
        return new AssistantStep(calls.Count > 0 ? null : response.Text, calls, response.ModelId ?? "unknown", AssistantModes.Model, 0, 0);
    }

    /// <summary>
    /// Memory messages as chat messages: consecutive tool calls become one assistant message (models require each
    /// tool result to follow the assistant message that asked for it).
    /// </summary>
    public static IReadOnlyList<ChatMessage> ToChatMessages(IEnumerable<ConversationMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var result = new List<ChatMessage>();
        foreach (var m in messages)
        {
            if (m.IsToolCall)
            {
                var call = new FunctionCallContent(m.ToolCallId!, m.ToolName!, ParseArguments(m.ToolArguments));
                if (result.Count > 0 && result[^1].Role == ChatRole.Assistant && result[^1].Contents.All(c => c is FunctionCallContent))
                {
                    result[^1].Contents.Add(call);
                }
                else
                {
                    result.Add(new ChatMessage(ChatRole.Assistant, [call]));
                }
            }
            else if (m.Role == ConversationRoles.Tool)
            {
                result.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(m.ToolCallId!, m.Text)]));
            }
            else
            {
                result.Add(new ChatMessage(m.Role == ConversationRoles.User ? ChatRole.User : ChatRole.Assistant, m.Text));
            }
        }

        return result;
    }

    private static Dictionary<string, object?> ParseArguments(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
            : [];
    }
}
