using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Resilience;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary>
/// The innermost embedding stage: chooses the embedding model (the requested registry id, else the registry's default
/// embedding model), calls its pipeline and falls back along its chain (same-dimension models only, validated at
/// start-up). The result carries the <see cref="RoutingDecision"/> and the price under <see cref="GatewayProperties"/>.
/// </summary>
public sealed partial class ModelRoutingEmbeddingGenerator(
    ModelRouter router,
    EmbeddingClientPool pool,
    TokenCounter tokens,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<ModelRoutingEmbeddingGenerator> logger) : IEmbeddingGenerator<string, Embedding<float>>
{
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var plan = router.PlanEmbeddings(Hints(options));
        return await ModelFallback.FirstAnswerAsync(
            plan,
            async (model, tried) =>
            {
                var started = time.GetTimestamp();
                var generated = await pool.Generator(model).GenerateAsync(inputs, ForModel(options, model), cancellationToken).ConfigureAwait(false);
                var input = generated.Usage?.InputTokenCount ?? inputs.Sum(t => (long)tokens.Count(t));
                generated.Usage ??= new UsageDetails { InputTokenCount = input, TotalTokenCount = input };
                foreach (var embedding in generated)
                {
                    embedding.ModelId ??= model.Id;
                }

                var cost = model.Cost(input, 0);
                generated.AdditionalProperties ??= [];
                generated.AdditionalProperties[GatewayProperties.Decision] = new RoutingDecision(model.Id, plan.Reason, tried);
                generated.AdditionalProperties[GatewayProperties.Cost] = cost;
                metrics.RecordCost(model.Id, ModelFallback.Tenant(options?.AdditionalProperties), cost);
                metrics.RecordDuration(model, time.GetElapsedTime(started), input);
                return generated;
            },
            FallBack,
            time,
            cancellationToken).ConfigureAwait(false);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        var model = router.DefaultEmbedding;
        return serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("ainative-gateway", null, model?.Id, model?.Dimensions is > 0 ? model.Dimensions : null)
            : model is null ? null
            : pool.Generator(model).GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
    }

    private static RoutingHints Hints(EmbeddingGenerationOptions? options)
    {
        var hints = options?.AdditionalProperties?.TryGetValue(GatewayProperties.Routing, out var h) == true && h is RoutingHints given ? given : new RoutingHints();
        return hints.Model is null && options?.ModelId is { Length: > 0 } modelId ? hints with { Model = modelId } : hints;
    }

    private static EmbeddingGenerationOptions ForModel(EmbeddingGenerationOptions? options, ModelDefinition model)
    {
        var copy = options?.Clone() ?? new EmbeddingGenerationOptions();
        copy.ModelId = model.ProviderModel;
        return copy;
    }

    private bool FallBack(Exception e, ModelDefinition model, List<string> tried) =>
        ModelFallback.Record(e, model, tried, time, metrics, kind => Log.FellBack(logger, model.Id, kind));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Embedding model {Model} failed ({Kind}): trying the next model of the route")]
        public static partial void FellBack(ILogger logger, string model, ModelFailureKind kind);
    }
}
