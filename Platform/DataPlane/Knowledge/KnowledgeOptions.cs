using System.ComponentModel.DataAnnotations;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>Retrieval settings (configuration section <c>Knowledge</c>, e.g. <c>Knowledge__MinQualityScore</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Which store holds the chunks: the embedded SQLite file (default) or an Azure AI Search index.</summary>
    public KnowledgeStoreKind Store { get; set; } = KnowledgeStoreKind.Embedded;

    /// <summary>Azure AI Search endpoint, e.g. <c>https://srch-x.search.windows.net</c> (with <see cref="Store"/> = <c>AzureAISearch</c>).</summary>
    public string? SearchEndpoint { get; set; }

    /// <summary>The index the platform creates or updates at first use.</summary>
    public string SearchIndexName { get; set; } = "knowledge";

    /// <summary>
    /// Name of the setting that holds an admin API key (the key itself never sits in this setting); empty: Entra ID through
    /// <c>DefaultAzureCredential</c> (the app's managed identity when deployed).
    /// </summary>
    public string? SearchApiKeySetting { get; set; }

    /// <summary>Re-rank hybrid results with the semantic ranker (needs a Basic or higher service with semantic search on).</summary>
    public bool SemanticRanker { get; set; }

    /// <summary>Chunks the ingestion quality scorer rated below this (boilerplate, low information) are not retrieved.</summary>
    [Range(0.0, 1.0)]
    public double MinQualityScore { get; set; } = 0.2;

    /// <summary>Upper bound on <c>top</c> per retrieval.</summary>
    [Range(1, 100)]
    public int MaxResults { get; set; } = 20;

    /// <summary>How often hosts run the TTL sweep (expired chunks are already left out of searches in between).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many chunks of an older embedding model are re-embedded per sweep (bounds the model cost per run).</summary>
    [Range(1, 100_000)]
    public int ReembedChunksPerSweep { get; set; } = 256;
}

/// <summary>The knowledge store implementations <see cref="KnowledgeOptions.Store"/> selects.</summary>
public enum KnowledgeStoreKind
{
    /// <summary>The SQLite file under the data directory (Standalone, tests, single instance).</summary>
    Embedded,

    /// <summary>An Azure AI Search index (production scale, shared between instances).</summary>
    AzureAISearch,
}
