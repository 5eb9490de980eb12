using Azure.Search.Documents.Indexes.Models;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// The Azure AI Search index of knowledge chunks: searchable text fields (BM25), an HNSW cosine vector field, the seed's
/// metadata filterable (tenant, source, timestamp, expiry, quality, embedding model), lineage stored, and a semantic configuration.
/// </summary>
public static class AzureSearchIndexDefinition
{
    public const string VectorProfile = "chunk-vectors";
    public const string VectorAlgorithm = "chunk-hnsw";
    public const string SemanticConfiguration = "chunk-semantic";

    /// <summary>The index with an embedding field of <paramref name="dimensions"/> dimensions.</summary>
    public static SearchIndex Build(string name, int dimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return new SearchIndex(name)
        {
            Fields =
            {
                // Keys allow letters, digits, '_', '-', '=' only: the chunk id ("doc#3") is stored encoded in id and as is in chunk_id.
                new SimpleField(SearchChunkDocument.Fields.Id, SearchFieldDataType.String) { IsKey = true, IsSortable = true },
                new SimpleField(SearchChunkDocument.Fields.ChunkId, SearchFieldDataType.String) { IsFilterable = true },
                new SimpleField(SearchChunkDocument.Fields.ParentDocId, SearchFieldDataType.String) { IsFilterable = true },
                new SimpleField(SearchChunkDocument.Fields.ChunkIndex, SearchFieldDataType.Int32) { IsFilterable = true, IsSortable = true },
                new SearchableField(SearchChunkDocument.Fields.Text) { AnalyzerName = LexicalAnalyzerName.EnMicrosoft },
                new SearchableField(SearchChunkDocument.Fields.Title) { AnalyzerName = LexicalAnalyzerName.EnMicrosoft },
                new SearchableField(SearchChunkDocument.Fields.Section) { AnalyzerName = LexicalAnalyzerName.EnMicrosoft },
                new SimpleField(SearchChunkDocument.Fields.Source, SearchFieldDataType.String) { IsFilterable = true, IsFacetable = true },
                new SimpleField(SearchChunkDocument.Fields.Tenant, SearchFieldDataType.String) { IsFilterable = true, IsFacetable = true },
                new SimpleField(SearchChunkDocument.Fields.Timestamp, SearchFieldDataType.DateTimeOffset) { IsFilterable = true, IsSortable = true },
                new SimpleField(SearchChunkDocument.Fields.ExpiresAt, SearchFieldDataType.DateTimeOffset) { IsFilterable = true, IsSortable = true },
                new SimpleField(SearchChunkDocument.Fields.QualityScore, SearchFieldDataType.Double) { IsFilterable = true, IsSortable = true },
                new SimpleField(SearchChunkDocument.Fields.RedactionPolicy, SearchFieldDataType.String) { IsFilterable = true },
                new SimpleField(SearchChunkDocument.Fields.Chunker, SearchFieldDataType.String) { IsFilterable = true },
                new SimpleField(SearchChunkDocument.Fields.EmbeddingModel, SearchFieldDataType.String) { IsFilterable = true, IsFacetable = true },
                new SimpleField(SearchChunkDocument.Fields.Tags, SearchFieldDataType.Collection(SearchFieldDataType.String)) { IsFilterable = true, IsFacetable = true },
                new VectorSearchField(SearchChunkDocument.Fields.Embedding, dimensions, VectorProfile),
            },
            VectorSearch = new VectorSearch
            {
                Profiles = { new VectorSearchProfile(VectorProfile, VectorAlgorithm) },
                Algorithms =
                {
                    new HnswAlgorithmConfiguration(VectorAlgorithm)
                    {
                        Parameters = new HnswParameters { Metric = VectorSearchAlgorithmMetric.Cosine, M = 4, EfConstruction = 400, EfSearch = 500 },
                    },
                },
            },
            SemanticSearch = new SemanticSearch
            {
                Configurations =
                {
                    new SemanticConfiguration(SemanticConfiguration, new SemanticPrioritizedFields
                    {
                        TitleField = new SemanticField(SearchChunkDocument.Fields.Title),
                        ContentFields = { new SemanticField(SearchChunkDocument.Fields.Text) },
                        KeywordsFields = { new SemanticField(SearchChunkDocument.Fields.Section), new SemanticField(SearchChunkDocument.Fields.Tags) },
                    }),
                },
            },
        };
    }
}
