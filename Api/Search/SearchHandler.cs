using AiNative.Api.Http;
using AiNative.Platform.DataPlane.Knowledge;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AiNative.Api.Search;

/// <summary>
/// <c>GET /api/search?q=...&amp;top=5&amp;filter=...</c>: hybrid search over the knowledge store; each hit carries its
/// scores, metadata, lineage and the prompt-injection markers found in its text.
/// </summary>
public sealed class SearchHandler(KnowledgeRetriever retriever, IOptions<KnowledgeOptions> options)
{
    /// <summary>The route, relative to the <c>api/</c> prefix.</summary>
    public const string Route = "search";

    private const int MaxQueryLength = 1_000;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query["q"].ToString();
        if (string.IsNullOrWhiteSpace(q))
        {
            return ApiProblems.BadRequest("Query parameter 'q' is required.", "q");
        }

        if (q.Length > MaxQueryLength)
        {
            return ApiProblems.BadRequest($"Query parameter 'q' is longer than {MaxQueryLength} characters.", "q");
        }

        var top = 5;
        var topText = request.Query["top"].ToString();
        var maxResults = options.Value.MaxResults;
        if (topText.Length > 0 && (!int.TryParse(topText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) || top < 1 || top > maxResults))
        {
            return ApiProblems.BadRequest($"Query parameter 'top' must be a whole number from 1 to {maxResults}.", "top");
        }

        KnowledgeFilter filter;
        try
        {
            filter = KnowledgeFilter.Parse(request.Query["filter"].ToString());
        }
        catch (FormatException e)
        {
            return ApiProblems.BadRequest(e.Message, "filter");
        }

        var hits = await retriever.SearchAsync(q, top, filter, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            query = q,
            top,
            filter = new { tenant = filter.Tenant, source = filter.Source, notBefore = filter.NotBefore },
            count = hits.Count,
            suspicious = hits.Count(h => h.Suspicious),
            results = hits.Select(h => new
            {
                chunkId = h.ChunkId,
                documentId = h.ParentDocId,
                text = h.Text,
                score = h.Score,
                keywordRank = h.KeywordRank,
                vectorRank = h.VectorRank,
                suspicious = h.Suspicious,
                injectionMarkers = h.InjectionMarkers,
                metadata = new
                {
                    source = h.Metadata.Source,
                    title = h.Metadata.Title,
                    section = h.Metadata.Section,
                    tenant = h.Metadata.Tenant,
                    timestamp = h.Metadata.Timestamp,
                    qualityScore = h.Metadata.QualityScore,
                    tags = h.Metadata.Tags,
                },
                lineage = new
                {
                    redactionPolicy = h.Metadata.RedactionPolicy,
                    chunker = h.Metadata.Chunker,
                    embeddingModel = h.Metadata.EmbeddingModel,
                },
            }),
        });
    }
}
