using System.ComponentModel.DataAnnotations;
using AiNative.Platform.DataPlane.Chunking;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>Document ingestion settings (configuration section <c>Ingestion</c>, e.g. <c>Ingestion__ChunkSize</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary><c>Recursive</c> (default), <c>FixedSize</c> or <c>Semantic</c>.</summary>
    public ChunkingStrategy ChunkingStrategy { get; set; } = ChunkingStrategy.Recursive;

    /// <summary><c>Characters</c> (default) or <c>Tokens</c> (o200k): what <see cref="ChunkSize"/> and <see cref="ChunkOverlap"/> count.</summary>
    public ChunkSizeUnit ChunkSizeUnit { get; set; } = ChunkSizeUnit.Characters;

    /// <summary>Maximum characters (or tokens) per chunk; Azure's RAG samples use about 1000 characters or 500 tokens.</summary>
    [Range(10, 20_000)]
    public int ChunkSize { get; set; } = 1000;

    /// <summary>Characters (or tokens) shared by neighbouring chunks (word-aligned); less than half the chunk size.</summary>
    [Range(0, 5_000)]
    public int ChunkOverlap { get; set; } = 100;

    /// <summary>Chunks per blob batch; the orchestration runs one embedding activity per batch.</summary>
    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Largest accepted document, in UTF-8 bytes (default 10 MB).</summary>
    [Range(1, 1_073_741_824)]
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long a URL fetch may take.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether URL inputs may reach loopback, private and link-local addresses. Off by default, so a submitted URL cannot
    /// probe the host's network (SSRF); tests and single-machine setups turn it on.
    /// </summary>
    public bool AllowPrivateNetworkUrls { get; set; }
}

/// <summary>Builds the chunker of a document from the settings and the document's own <see cref="ChunkingPolicy"/>.</summary>
public static class ChunkingPolicies
{
    /// <summary>The chunker for <paramref name="policy"/> over the defaults <paramref name="defaults"/>.</summary>
    /// <exception cref="IngestValidationException">An unknown strategy or unit, or sizes out of range.</exception>
    public static TextChunker Create(IngestionOptions defaults, ChunkingPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (policy is null)
        {
            return new TextChunker(defaults.ChunkingStrategy, defaults.ChunkSize, defaults.ChunkOverlap, defaults.ChunkSizeUnit);
        }

        var strategy = policy.Strategy?.Trim().ToLowerInvariant() switch
        {
            null or "" => defaults.ChunkingStrategy,
            "recursive" => ChunkingStrategy.Recursive,
            "fixed" or "fixedsize" or "fixed-size" => ChunkingStrategy.FixedSize,
            "semantic" => ChunkingStrategy.Semantic,
            _ => throw new IngestValidationException("chunking.strategy", $"'{policy.Strategy}' is not a chunking strategy; use recursive, fixed or semantic."),
        };
        var unit = policy.Unit?.Trim().ToLowerInvariant() switch
        {
            null or "" => defaults.ChunkSizeUnit,
            "characters" or "chars" => ChunkSizeUnit.Characters,
            "tokens" => ChunkSizeUnit.Tokens,
            _ => throw new IngestValidationException("chunking.unit", $"'{policy.Unit}' is not a unit; use characters or tokens."),
        };
        // A unit change without sizes takes the usual defaults of that unit (1000 characters / 500 tokens, 10 % overlap).
        var unitChanged = unit != defaults.ChunkSizeUnit;
        var size = policy.Size ?? (unitChanged ? (unit == ChunkSizeUnit.Tokens ? 500 : 1000) : defaults.ChunkSize);
        var overlap = policy.Overlap ?? (unitChanged || policy.Size is not null ? size / 10 : defaults.ChunkOverlap);
        if (size is < 10 or > 20_000)
        {
            throw new IngestValidationException("chunking.size", "Size must be between 10 and 20000.");
        }

        if (overlap < 0 || overlap >= size / 2)
        {
            throw new IngestValidationException("chunking.overlap", "Overlap must be at least 0 and less than half the size.");
        }

        return new TextChunker(strategy, size, overlap, unit);
    }
}
