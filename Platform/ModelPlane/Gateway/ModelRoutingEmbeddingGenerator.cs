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
        var tried = new List<string>();
        Exception? last = null;
        foreach (var model in plan.Chain)
        {
            var started = time.GetTimestamp();
            try
            {
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
                metrics.RecordCost(model.Id, Tenant(options), cost);
                metrics.RecordDuration(model, time.GetElapsedTime(started), input);
                return generated;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && FallBack(e, model, tried))
            {
                last = e;
            }
        }

        var failure = last is null ? (ModelFailureKind.ServerError, (TimeSpan?)null) : ModelFailure.Classify(last, time);
        throw new ModelUnavailableException(tried, failure.Item1, failure.Item2, last);
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

    private bool FallBack(Exception e, ModelDefinition model, List<string> tried)
    {
        var (kind, _) = ModelFailure.Classify(e, time);
        if (!ModelFailure.FallsBack(kind))
        {
            return false;
        }

        tried.Add($"{model.Id}: {RetryChatClient.Describe(kind)}");
        metrics.RecordFallback(model.Id, kind);
        Log.FellBack(logger, model.Id, kind);
        return true;
    }

    private static string? Tenant(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(ModelGateway.TenantProperty, out var t) == true ? t as string : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Embedding model {Model} failed ({Kind}): trying the next model of the route")]
        public static partial void FellBack(ILogger logger, string model, ModelFailureKind kind);
    }
}
