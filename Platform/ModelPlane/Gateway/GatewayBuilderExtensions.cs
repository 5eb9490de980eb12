using AiNative.Platform.ModelPlane.Caching;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane.Gateway;

/// <summary><c>UseXxx</c> extensions adding the gateway's stages to a <see cref="ChatClientBuilder"/> (services from DI).</summary>
public static class GatewayBuilderExtensions
{
    /// <summary>Exact-match response cache (skipped when <c>Gateway__CacheEnabled</c> is false).</summary>
    public static ChatClientBuilder UseGatewayResponseCache(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, sp) => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.CacheEnabled
            ? new ResponseCacheChatClient(inner, sp.GetRequiredService<GatewayCache>(), sp.GetRequiredService<ModelRegistry>(), sp.GetRequiredService<CacheGenerations>())
            : inner);
    }

    /// <summary>Tenant requests/tokens per minute and token budgets.</summary>
    public static ChatClientBuilder UseTenantQuotas(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, sp) => TenantQuotaStage<TenantQuotaChatClient>(sp, inner));
    }

    /// <summary>Tenant requests/tokens per minute and token budgets for embeddings (charged with the tokens embedded).</summary>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseTenantQuotas(this EmbeddingGeneratorBuilder<string, Embedding<float>> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, sp) => TenantQuotaStage<TenantQuotaEmbeddingGenerator>(sp, inner));
    }

    /// <summary>
    /// A quota stage around <paramref name="inner"/>: both kinds take the same services (gateway options, rate limits,
    /// token budgets, token counter, metrics), resolved from DI by their constructors.
    /// </summary>
    private static TStage TenantQuotaStage<TStage>(IServiceProvider services, object inner) =>
        ActivatorUtilities.CreateInstance<TStage>(services, inner);
}
