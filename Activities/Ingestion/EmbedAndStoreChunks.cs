using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace AiNative.Activities.Ingestion;

/// <summary>Embeds, quality-scores and stores one chunk batch; returns how many chunks were stored.</summary>
public sealed class EmbedAndStoreChunks(IDocumentIngestion ingestion)
{
    [Function(nameof(EmbedAndStoreChunks))]
    public Task<int> Run([ActivityTrigger] ChunkBatch input) => ingestion.EmbedAndStoreAsync(input);
}
