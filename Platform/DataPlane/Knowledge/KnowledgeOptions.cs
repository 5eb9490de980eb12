using System.ComponentModel.DataAnnotations;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>Retrieval settings (configuration section <c>Knowledge</c>, e.g. <c>Knowledge__MinQualityScore</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

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
