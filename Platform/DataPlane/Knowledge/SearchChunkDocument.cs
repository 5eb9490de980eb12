using System.Buffers.Text;
using System.Text;
using System.Text.Json.Serialization;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>One chunk as a document of the Azure AI Search index (field names as in the seed's metadata schema).</summary>
public sealed class SearchChunkDocument
{
    [JsonPropertyName(Fields.Id)]
    public string Id { get; set; } = "";

    [JsonPropertyName(Fields.ChunkId)]
    public string ChunkId { get; set; } = "";

    [JsonPropertyName(Fields.ParentDocId)]
    public string ParentDocId { get; set; } = "";

    [JsonPropertyName(Fields.ChunkIndex)]
    public int ChunkIndex { get; set; }

    [JsonPropertyName(Fields.Text)]
    public string Text { get; set; } = "";

    [JsonPropertyName(Fields.Title)]
    public string? Title { get; set; }

    [JsonPropertyName(Fields.Section)]
    public string? Section { get; set; }

    [JsonPropertyName(Fields.Source)]
    public string Source { get; set; } = "";

    [JsonPropertyName(Fields.Tenant)]
    public string? Tenant { get; set; }

    [JsonPropertyName(Fields.Timestamp)]
    public DateTimeOffset Timestamp { get; set; }

    [JsonPropertyName(Fields.ExpiresAt)]
    public DateTimeOffset? ExpiresAt { get; set; }

    [JsonPropertyName(Fields.QualityScore)]
    public double QualityScore { get; set; }

    [JsonPropertyName(Fields.RedactionPolicy)]
    public string RedactionPolicy { get; set; } = "";

    [JsonPropertyName(Fields.Chunker)]
    public string Chunker { get; set; } = "";

    [JsonPropertyName(Fields.EmbeddingModel)]
    public string EmbeddingModel { get; set; } = "";

    [JsonPropertyName(Fields.Tags)]
    public IReadOnlyList<string> Tags { get; set; } = [];

    /// <summary>The embedding; absent from search results (not selected) and from uploads of chunks waiting for re-embedding.</summary>
    [JsonPropertyName(Fields.Embedding)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float[]? Embedding { get; set; }

    /// <summary>The index key of a chunk id: URL-safe Base64 of its UTF-8 bytes (keys allow letters, digits, '_', '-', '=').</summary>
    public static string Key(string chunkId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(chunkId));

    public static SearchChunkDocument From(KnowledgeChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var m = chunk.Metadata;
        return new SearchChunkDocument
        {
            Id = Key(chunk.ChunkId),
            ChunkId = chunk.ChunkId,
            ParentDocId = chunk.ParentDocId,
            ChunkIndex = chunk.Index,
            Text = chunk.Text,
            Title = m.Title,
            Section = m.Section,
            Source = m.Source,
            Tenant = m.Tenant,
            Timestamp = m.Timestamp.ToUniversalTime(),
            ExpiresAt = m.ExpiresAt?.ToUniversalTime(),
            QualityScore = m.QualityScore,
            RedactionPolicy = m.RedactionPolicy,
            Chunker = m.Chunker,
            EmbeddingModel = m.EmbeddingModel,
            Tags = m.Tags ?? [],
            Embedding = chunk.Embedding is { Length: > 0 } embedding ? embedding : null,
        };
    }

    public ChunkMetadata ToMetadata() =>
        new(Source, Title, Tenant, Timestamp, QualityScore, RedactionPolicy, Chunker, EmbeddingModel, Tags ?? [], Section, ExpiresAt);

    /// <summary>The index's field names.</summary>
    public static class Fields
    {
        public const string Id = "id";
        public const string ChunkId = "chunk_id";
        public const string ParentDocId = "parent_doc_id";
        public const string ChunkIndex = "chunk_index";
        public const string Text = "text";
        public const string Title = "title";
        public const string Section = "section";
        public const string Source = "source";
        public const string Tenant = "tenant";
        public const string Timestamp = "timestamp";
        public const string ExpiresAt = "expires_at";
        public const string QualityScore = "quality_score";
        public const string RedactionPolicy = "redaction_policy";
        public const string Chunker = "chunker";
        public const string EmbeddingModel = "embedding_model";
        public const string Tags = "tags";
        public const string Embedding = "embedding";

        /// <summary>Everything but the vector: what searches return.</summary>
        public static readonly string[] AllButEmbedding =
            [Id, ChunkId, ParentDocId, ChunkIndex, Text, Title, Section, Source, Tenant, Timestamp, ExpiresAt, QualityScore, RedactionPolicy, Chunker, EmbeddingModel, Tags];
    }
}
