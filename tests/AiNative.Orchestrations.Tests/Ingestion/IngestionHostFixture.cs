namespace AiNative.Orchestrations.Tests.Ingestion;

/// <summary>
/// The durable host set up for ingestion: tiny chunks and one chunk per batch, so a short document fans out over
/// more batches than the orchestration runs at once.
/// </summary>
public sealed class IngestionHostFixture : DurableHostFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["Ingestion:ChunkSize"] = "100",
        ["Ingestion:ChunkOverlap"] = "10",
        ["Ingestion:BatchSize"] = "1",
    };
}
