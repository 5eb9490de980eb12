using System.Text.Json;
using AiNative.Api.Http;
using AiNative.Platform.DataPlane.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AiNative.Api.Documents;

/// <summary><c>POST /api/documents</c> (accept and enqueue) and <c>GET /api/documents/{id}</c> (ingestion status).</summary>
public sealed class DocumentsHandler(DocumentIntake intake, IDocumentIngestion ingestion, IOptions<IngestionOptions> options)
{
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // JSON escaping can grow text: allow twice the document limit for the envelope.
        var (body, problem) = await JsonBody.ReadObjectAsync(request, options.Value.MaxDocumentBytes * 2, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        IngestMessage? message;
        try
        {
            message = body.Deserialize<IngestMessage>(JsonBody.Options);
        }
        catch (JsonException e)
        {
            return ApiProblems.BadRequest($"The document does not have the expected shape: {e.Message}", e.Path);
        }

        if (message is null)
        {
            return ApiProblems.BadRequest("The request body must be a document object.");
        }

        if (message.StagedBlob is not null)
        {
            return ApiProblems.BadRequest("'stagedBlob' is set by the platform; send the text in 'content'.", "stagedBlob");
        }

        try
        {
            var document = await intake.AcceptAndEnqueueAsync(message, cancellationToken).ConfigureAwait(false);
            var status = $"{request.Scheme}://{request.Host}{request.PathBase}/api/documents/{Uri.EscapeDataString(document.DocumentId)}";
            return Results.Accepted(status, new { id = document.DocumentId, instanceId = document.InstanceId, status = DocumentStates.Queued, statusQueryGetUri = status });
        }
        catch (IngestValidationException e)
        {
            return ApiProblems.BadRequest(e.Message, e.Field);
        }
    }

    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var status = await ingestion.GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
        return status is null ? ApiProblems.NotFound($"There is no document '{id}'.") : Results.Ok(status);
    }
}
