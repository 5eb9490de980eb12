using System.ComponentModel.DataAnnotations;
using AiNative.Platform.DataPlane.Chunking;

namespace AiNative.Platform.DataPlane.Ingestion;

/// <summary>Document ingestion settings (configuration section <c>Ingestion</c>, e.g. <c>Ingestion__ChunkSize</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary><c>Recursive</c> (default) or <c>FixedSize</c>.</summary>
    public ChunkingStrategy ChunkingStrategy { get; set; } = ChunkingStrategy.Recursive;

    /// <summary>Maximum characters per chunk.</summary>
    [Range(100, 20_000)]
    public int ChunkSize { get; set; } = 1000;

    /// <summary>Characters shared by neighbouring chunks (word-aligned); less than half the chunk size.</summary>
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
