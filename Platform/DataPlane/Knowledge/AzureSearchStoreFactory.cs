using Azure;
using Azure.Identity;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Microsoft.Extensions.Configuration;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>Builds the Azure AI Search store from settings: Entra ID (managed identity) by default, an API key when a key setting is named.</summary>
public static class AzureSearchStoreFactory
{
    public static AzureSearchKnowledgeStore Create(KnowledgeOptions options, IConfiguration configuration, SearchClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = new Uri(options.SearchEndpoint ?? throw new InvalidOperationException($"{KnowledgeOptions.Section}:SearchEndpoint is not set."));
        clientOptions ??= new SearchClientOptions();
        var indexClient = string.IsNullOrWhiteSpace(options.SearchApiKeySetting)
            ? new SearchIndexClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new SearchIndexClient(endpoint, new AzureKeyCredential(configuration[options.SearchApiKeySetting]
                ?? throw new InvalidOperationException($"{KnowledgeOptions.Section}:SearchApiKeySetting names '{options.SearchApiKeySetting}', which is not set.")), clientOptions);
        return new AzureSearchKnowledgeStore(indexClient, options.SearchIndexName, options.SemanticRanker);
    }
}
