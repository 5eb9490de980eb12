using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using AiNative.Platform.Governance.Pii;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.DataPlane;

/// <summary>Registers the DataPlane services: PII redaction, chunking, the knowledge store and retriever, document ingestion.</summary>
public static class DataPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Adds the DataPlane. Needs <see cref="Storage.StorageAccount"/>, <see cref="PlatformOptions"/>, <see cref="TimeProvider"/> and an
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> (the ModelPlane registers one).
    /// </summary>
    public static IServiceCollection AddDataPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ChunkOverlap < o.ChunkSize / 2, $"{IngestionOptions.Section}:ChunkOverlap must be less than half of {IngestionOptions.Section}:ChunkSize.")
            .ValidateOnStart();
        services.AddOptions<KnowledgeOptions>()
            .Bind(configuration.GetSection(KnowledgeOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Store != KnowledgeStoreKind.AzureAISearch || Uri.TryCreate(o.SearchEndpoint, UriKind.Absolute, out _),
                $"{KnowledgeOptions.Section}:SearchEndpoint must be an absolute URL (https://<service>.search.windows.net) when {KnowledgeOptions.Section}:Store is AzureAISearch.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SearchApiKeySetting) || !string.IsNullOrEmpty(configuration[o.SearchApiKeySetting]),
                $"{KnowledgeOptions.Section}:SearchApiKeySetting names a setting that is not set.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddPiiGuardrails(configuration);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IngestionOptions>>().Value;
            return ChunkingPolicies.Create(o, null);
        });
        services.TryAddSingleton<IKnowledgeStore>(sp =>
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Store == KnowledgeStoreKind.AzureAISearch
                ? AzureSearchStoreFactory.Create(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value, configuration)
                : new SqliteKnowledgeStore(SqliteKnowledgeStore.DefaultPath(sp.GetRequiredService<IOptions<PlatformOptions>>().Value)));
        services.TryAddSingleton<KnowledgeRetriever>();
        services.AddHttpClient(DocumentSourceReader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.AllowPrivateNetworkUrls;
                return new SocketsHttpHandler
                {
                    ConnectCallback = (context, ct) => DocumentSourceReader.ConnectAsync(context, allowPrivate, ct),
                    MaxAutomaticRedirections = 5,
                };
            });
        services.TryAddSingleton<DocumentSourceReader>();
        services.TryAddSingleton<IDocumentIngestion, DocumentIngestion>();
        return services;
    }
}
