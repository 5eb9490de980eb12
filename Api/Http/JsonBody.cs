using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AiNative.Api.Http;

/// <summary>Reads a bounded JSON request body into a document, turning every way it can be wrong into a problem result.</summary>
public static class JsonBody
{
    /// <summary>Default limit for request bodies (documents have their own, larger limit).</summary>
    public const long DefaultLimit = 256 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The body as a JSON object, or the problem to return.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, long limit = DefaultLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return (default, ApiProblems.TooLarge(limit));
        }

        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, ApiProblems.UnsupportedMediaType($"Send JSON (Content-Type: application/json), not '{type}'."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (default, ApiProblems.TooLarge(limit));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (default, ApiProblems.BadRequest("The request body is empty; send a JSON object."));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, ApiProblems.BadRequest("The request body must be a JSON object."));
        }
        catch (JsonException e)
        {
            return (default, ApiProblems.BadRequest($"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message.Split(". ")[0]}."));
        }
    }

    /// <summary>A string property: null when absent; a problem when present with another type.</summary>
    public static (string? Value, IResult? Problem) OptionalString(JsonElement body, string name, int maxLength)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return (null, ApiProblems.BadRequest($"'{name}' must be a string.", name));
        }

        var text = value.GetString()!;
        return text.Length > maxLength
            ? (null, ApiProblems.BadRequest($"'{name}' must be at most {maxLength} characters (got {text.Length}).", name))
            : (text, null);
    }

    /// <summary>A required, non-blank string property.</summary>
    public static (string Value, IResult? Problem) RequiredString(JsonElement body, string name, int maxLength)
    {
        var (value, problem) = OptionalString(body, name, maxLength);
        if (problem is not null)
        {
            return ("", problem);
        }

        return string.IsNullOrWhiteSpace(value)
            ? ("", ApiProblems.BadRequest($"'{name}' is required and must not be empty.", name))
            : (value, null);
    }
}
