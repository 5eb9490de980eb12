using Microsoft.AspNetCore.Http;

namespace AiNative.Api.Http;

/// <summary>RFC 7807 problem details for every error the API returns: a title, a useful detail, never a stack trace.</summary>
public static class ApiProblems
{
    public static IResult BadRequest(string detail, string? field = null) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid.", detail, field);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found.", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static IResult TooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"The body must be at most {limit} bytes.");

    public static IResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", detail);

    public static IResult Problem(int status, string title, string detail, string? field = null)
    {
        var extensions = field is null ? null : new Dictionary<string, object?> { ["field"] = field };
        return Results.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}", extensions: extensions);
    }
}
