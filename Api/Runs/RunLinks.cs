using Microsoft.AspNetCore.Http;

namespace AiNative.Api.Runs;

/// <summary>The management links returned when a run starts (the shape Durable Functions users know).</summary>
public sealed record RunLinks(string Id, string StatusQueryGetUri, string SendEventPostUri, string TerminatePostUri)
{
    public static RunLinks For(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(id, root, root + "/events/{eventName}", root + "/terminate");
    }
}
