using System.Runtime.CompilerServices;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>
/// The innermost gateway stage: chooses the model (<see cref="ModelRouter"/>), calls its pipeline and falls back along
/// the registry chain on 429, 5xx, timeouts, content-filter refusals and open circuits. The answer carries the
/// <see cref="RoutingDecision"/> and the price under <see cref="GatewayProperties"/>.
/// </summary>
public sealed partial class ModelRoutingChatClient(
    ModelRouter router,
    ModelClientPool pool,
    TokenCounter tokens,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<ModelRoutingChatClient> logger) : IChatClient
{
    /// <summary>Output tokens assumed for routing and cost estimates when a call sets no maximum.</summary>
    public const int DefaultMaxOutputTokens = 1024;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var (plan, inputTokens) = Plan(list, options);
        return await ModelFallback.FirstAnswerAsync(
            plan,
            async (model, tried) =>
            {
                var started = time.GetTimestamp();
                var response = await pool.Client(model).GetResponseAsync(list, ForModel(options, model, inputTokens), cancellationToken).ConfigureAwait(false);
                var input = response.Usage?.InputTokenCount ?? inputTokens;
                var output = response.Usage?.OutputTokenCount ?? tokens.Count(response.Text);
                response.Usage ??= new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
                response.ModelId ??= model.ProviderModel;
                var cost = model.Cost(input, output);
                response.AdditionalProperties ??= [];
                response.AdditionalProperties[GatewayProperties.Decision] = new RoutingDecision(model.Id, plan.Reason, tried);
                response.AdditionalProperties[GatewayProperties.Cost] = cost;
                metrics.RecordCost(model.Id, Tenant(options), cost);
                metrics.RecordDuration(model, time.GetElapsedTime(started), input + output);
                return response;
            },
            FallBack,
            time,
            cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var (plan, inputTokens) = Plan(list, options);
        var tried = new List<string>();
        Exception? last = null;
        foreach (var model in plan.Chain)
        {
            var started = time.GetTimestamp();
            var updates = pool.Client(model).GetStreamingResponseAsync(list, ForModel(options, model, inputTokens), cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool first;
            try
            {
                first = await updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && FallBack(e, model, tried))
            {
                await updates.DisposeAsync().ConfigureAwait(false);
                last = e;
                continue;
            }

            // Fallback only before the first chunk: after it, text already reached the caller and an error must surface.
            await using (updates.ConfigureAwait(false))
            {
                long? input = null, output = null;
                var text = 0L;
                if (first)
                {
                    var update = updates.Current;
                    update.AdditionalProperties ??= [];
                    update.AdditionalProperties[GatewayProperties.Decision] = new RoutingDecision(model.Id, plan.Reason, tried);
                    do
                    {
                        update = updates.Current;
                        text += tokens.Count(update.Text);
                        if (update.Contents.OfType<UsageContent>().FirstOrDefault() is { } usage)
                        {
                            input = usage.Details.InputTokenCount;
                            output = usage.Details.OutputTokenCount;
                        }

                        yield return update;
                    }
                    while (await updates.MoveNextAsync().ConfigureAwait(false));
                }

                var cost = model.Cost(input ?? inputTokens, output ?? text);
                metrics.RecordCost(model.Id, Tenant(options), cost);
                metrics.RecordDuration(model, time.GetElapsedTime(started), (input ?? inputTokens) + (output ?? text));
                yield break;
            }
        }

        throw ModelFallback.Unavailable(tried, last, time);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("ainative-gateway", null, router.DefaultModel.ProviderModel)
        : pool.Client(router.DefaultModel).GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }

    private (RoutePlan Plan, long InputTokens) Plan(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var hints = options?.AdditionalProperties?.TryGetValue(GatewayProperties.Routing, out var h) == true && h is RoutingHints given ? given : new RoutingHints();
        var capabilities = new List<string>(hints.Capabilities ?? []);
        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            capabilities.Add(ModelCapabilities.JsonSchema);
        }

        if (options?.Tools is { Count: > 0 })
        {
            capabilities.Add(ModelCapabilities.ToolUse);
        }

        if (hints.Model is null && options?.ModelId is { Length: > 0 } modelId && modelId != "auto")
        {
            hints = hints with { Model = modelId };
        }

        var inputTokens = (long)tokens.Count(messages);
        var plan = router.Plan(hints with { Capabilities = capabilities.Distinct(StringComparer.Ordinal).ToList() }, inputTokens, options?.MaxOutputTokens ?? DefaultMaxOutputTokens);
        return (plan, inputTokens);
    }

    private static ChatOptions ForModel(ChatOptions? options, ModelDefinition model, long inputTokens)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.ModelId = model.ProviderModel;
        copy.AdditionalProperties = copy.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        copy.AdditionalProperties[RetryChatClient.InputTokensProperty] = inputTokens;
        return copy;
    }

    private bool FallBack(Exception e, ModelDefinition model, List<string> tried) =>
        ModelFallback.Record(e, model, tried, time, metrics, kind => Log.FellBack(logger, model.Id, kind));

    private static string? Tenant(ChatOptions? options) => ModelFallback.Tenant(options?.AdditionalProperties);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Model {Model} failed ({Kind}): trying the next model of the route")]
        public static partial void FellBack(ILogger logger, string model, ModelFailureKind kind);
    }
}
