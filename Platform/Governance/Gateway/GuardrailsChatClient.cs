using System.Runtime.CompilerServices;
using System.Text.Json;
using AiNative.Platform.Governance.Injection;
using AiNative.Platform.Governance.Policies;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Routing;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace AiNative.Platform.Governance.Gateway;

/// <summary>
/// Pipeline stage: applies the guardrail policy of the call's route or agent. Scans inputs (user and tool messages) and
/// outputs for prompt injection when the policy says so, and validates answers that must follow a JSON schema (the
/// request's <see cref="ChatResponseFormatJson"/> schema, or the policy's schema for the prompt): a breaking answer is
/// sent back with the validation errors up to <see cref="OutputPolicy.MaxReasks"/> times, then
/// <see cref="OutputValidationException"/>. Findings go on the response under <see cref="FindingsProperty"/>.
/// </summary>
public sealed class GuardrailsChatClient(IChatClient inner, PolicyRegistry policies) : DelegatingChatClient(inner)
{

    /// <summary>Request: the route whose policy applies (e.g. <see cref="PolicyRegistry.GatewayRoute"/>).</summary>
    public const string RouteProperty = "ainative.policy_route";

    /// <summary>Request: the agent whose policy applies.</summary>
    public const string AgentProperty = "ainative.agent";

    /// <summary>Response: the policy applied ("id@version").</summary>
    public const string PolicyProperty = "ainative.policy";

    /// <summary>Response: flagged findings ("channel: score: reasons"), when any.</summary>
    public const string FindingsProperty = "ainative.guardrail_findings";

    private static readonly EvaluationOptions ListErrors = new() { OutputFormat = OutputFormat.List };

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var policy = Resolve(options);
        var conversation = messages.ToList();
        var findings = ScanInput(policy, conversation);
        var schema = SchemaFor(policy, options);
        var usage = new UsageDetails();
        decimal cost = 0;
        var tried = new List<string>();
        IReadOnlyList<string> errors = [];
        for (var attempt = 0; attempt <= policy.Output.MaxReasks; attempt++)
        {
            var response = await base.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
            usage.Add(response.Usage ?? new UsageDetails());
            cost += response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Cost) is decimal c ? c : 0;
            var decision = response.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision) as RoutingDecision;
            tried.AddRange(decision?.Tried ?? []);
            if (schema is null || TryValidate(response.Text, schema, out errors))
            {
                // Re-asks count: tokens, cost and the models tried add up over every attempt.
                response.Usage = usage;
                ScanOutput(policy, response.Text, findings);
                response.AdditionalProperties ??= [];
                response.AdditionalProperties[PolicyProperty] = policy.Reference;
                if (attempt > 0)
                {
                    response.AdditionalProperties[GatewayProperties.Cost] = cost;
                    if (decision is not null)
                    {
                        response.AdditionalProperties[GatewayProperties.Decision] = decision with { Tried = [.. tried] };
                    }
                }

                if (findings.Count > 0)
                {
                    response.AdditionalProperties[FindingsProperty] = findings;
                }

                return response;
            }

            conversation.AddRange(response.Messages);
            conversation.Add(new ChatMessage(ChatRole.User, Reask(errors)));
        }

        throw new OutputValidationException(
            $"The model's answer broke the required JSON schema {policy.Output.MaxReasks + 1} times (policy {policy.Reference}, max_reasks {policy.Output.MaxReasks}): {string.Join("; ", errors)}",
            policy.Reference,
            policy.Output.MaxReasks + 1,
            errors);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var policy = Resolve(options);
        var conversation = messages.ToList();
        if (SchemaFor(policy, options) is null)
        {
            // Plain text streams through; an output scan can only judge the whole answer, so it runs at the end and a
            // blocked answer ends the stream with an error (what was already sent cannot be taken back).
            ScanInput(policy, conversation);
            var text = new System.Text.StringBuilder();
            await foreach (var update in base.GetStreamingResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false))
            {
                text.Append(update.Text);
                yield return update;
            }

            ScanOutput(policy, text.ToString(), []);
            yield break;
        }

        // An answer that must be validated is only released whole: a half-streamed invalid answer cannot be taken back.
        var response = await GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private GuardrailPolicy Resolve(ChatOptions? options)
    {
        var properties = options?.AdditionalProperties;
        if (properties?.GetValueOrDefault(RouteProperty) is string route)
        {
            return policies.ForRoute(route);
        }

        return policies.ForAgent(properties?.GetValueOrDefault(AgentProperty) as string);
    }

    private static List<string> ScanInput(GuardrailPolicy policy, List<ChatMessage> conversation)
    {
        var findings = new List<string>();
        if (!policy.Injection.ScanInput)
        {
            return findings;
        }

        foreach (var message in conversation)
        {
            var channel = message.Role == ChatRole.User ? InjectionChannel.User : message.Role == ChatRole.Tool ? InjectionChannel.ToolOutput : null;
            if (channel is not null)
            {
                Check(policy, channel, ScannedText(message), findings);
            }
        }

        return findings;
    }

    /// <summary>
    /// A message's text plus its function results: tool output arrives as <see cref="FunctionResultContent"/>, whose
    /// result <see cref="ChatMessage.Text"/> leaves out.
    /// </summary>
    private static string ScannedText(ChatMessage message)
    {
        var results = message.Contents.OfType<FunctionResultContent>().Select(r => r.Result switch
        {
            null => "",
            string text => text,
            JsonElement json when json.ValueKind == JsonValueKind.String => json.GetString() ?? "",
            var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions),
        }).Where(t => t.Length > 0).ToList();
        return results.Count == 0 ? message.Text : string.Join("\n", [message.Text, .. results]);
    }

    private static void ScanOutput(GuardrailPolicy policy, string text, List<string> findings)
    {
        if (policy.Injection.ScanOutput)
        {
            // A model answer that carries an exfiltration link or hidden orders is treated like an untrusted document.
            Check(policy, InjectionChannel.Document, text, findings, output: true);
        }
    }

    private static void Check(GuardrailPolicy policy, string channel, string text, List<string> findings, bool output = false)
    {
        var rule = policy.Injection.For(channel);
        var verdict = PromptInjectionDetector.Detect(text, channel, rule.Threshold);
        if (!verdict.Injection)
        {
            return;
        }

        var where = output ? "model output" : $"{channel} input";
        var flagged = $"The {where} was flagged as prompt injection (score {verdict.Score:0.00}: {string.Join(", ", verdict.Reasons)})";
        if (rule.Action is GuardrailAction.Block)
        {
            throw new GuardrailViolationException($"{flagged}; policy {policy.Reference} blocks it.", policy.Reference, channel, verdict.Score, verdict.Reasons);
        }

        // A synchronous call has no person in the loop to approve it: it is refused pending approval, and says so
        // (an agent run of the same request gets the durable approval flow).
        if (rule.Action is GuardrailAction.RequireApproval)
        {
            throw new GuardrailViolationException(
                $"{flagged}; policy {policy.Reference} requires a person's approval, which a synchronous call cannot wait for: refused pending approval. Run it as an agent run to get the approval flow.",
                policy.Reference, channel, verdict.Score, verdict.Reasons, GuardrailAction.RequireApproval);
        }

        findings.Add($"{where}: {verdict.Score:0.00}: {string.Join(", ", verdict.Reasons)}");
    }

    private static JsonSchema? SchemaFor(GuardrailPolicy policy, ChatOptions? options)
    {
        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema })
        {
            return JsonSchema.FromText(schema.GetRawText(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }

        return policy.Output.SchemaFor(options?.AdditionalProperties?.GetValueOrDefault(ModelGateway.PromptIdProperty) as string);
    }

    /// <summary>Parses the answer's JSON (fences and prose around it tolerated) and validates it: the one place output schemas are checked.</summary>
    internal static bool TryValidate(string text, JsonSchema schema, out IReadOnlyList<string> errors)
    {
        if (!JsonAnswer.TryParse(text, out var parsed, out var parseError))
        {
            errors = [$"the answer is not valid JSON ({parseError}); reply with one JSON object"];
            return false;
        }

        var result = schema.Evaluate(parsed, ListErrors);
        errors = result.IsValid
            ? []
            : [.. (result.Details ?? [])
                .SelectMany(d => (d.Errors ?? []).Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "(root)")}: {e.Value}"))
                .Distinct(StringComparer.Ordinal)
                .DefaultIfEmpty("the answer does not match the schema")];
        return result.IsValid;
    }

    private static string Reask(IReadOnlyList<string> errors) =>
        "Your previous answer did not satisfy the required JSON schema:\n- " + string.Join("\n- ", errors)
        + "\nReply again with only the corrected JSON object (no explanations, no code fences).";
}

/// <summary><c>UseGuardrails</c>: adds <see cref="GuardrailsChatClient"/> to a chat pipeline (skipped when no <see cref="PolicyRegistry"/> is registered).</summary>
public static class GuardrailsBuilderExtensions
{
    public static ChatClientBuilder UseGuardrails(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, sp) => sp.GetService(typeof(PolicyRegistry)) is PolicyRegistry policies ? new GuardrailsChatClient(inner, policies) : inner);
    }
}
