using AiNative.Platform.ModelPlane.Gateway;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Economics;

/// <summary>
/// Embedding pipeline stage outside routing: the tenant's requests/tokens per minute and token budget, charged with the
/// tokens the models actually embedded (cache hits are free), whichever model of the chain answered.
/// </summary>
public sealed class TenantQuotaEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, IOptions<GatewayOptions> gatewayOptions, RateLimits limits, TokenBudgets budgets, TokenCounter tokens, GatewayMetrics metrics)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var tenant = await TenantAdmission.AdmitAsync(options?.AdditionalProperties, inputs.Sum(t => (long)tokens.Count(t)), gatewayOptions.Value, limits, budgets, metrics, cancellationToken).ConfigureAwait(false);
        var generated = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        await budgets.ChargeAsync(tenant, generated.Usage?.InputTokenCount ?? 0, CancellationToken.None).ConfigureAwait(false);
        return generated;
    }
}
