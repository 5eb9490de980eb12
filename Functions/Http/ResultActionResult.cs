using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AiNative.Functions.Http;

/// <summary>Lets an HTTP trigger return the shared handlers' <see cref="IResult"/> as the <see cref="IActionResult"/> the Functions ASP.NET Core integration expects.</summary>
internal sealed class ResultActionResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

/// <summary>Adapts a pending handler result.</summary>
internal static class ResultActionResultExtensions
{
    public static async Task<IActionResult> AsActionResult(this Task<IResult> result) => new ResultActionResult(await result);
}
