using System.Text.Json.Nodes;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace AiNative.Api.Gateway;

/// <summary>Writes a chat stream as OpenAI <c>chat.completion.chunk</c> server-sent events, ending with <c>data: [DONE]</c>.</summary>
internal sealed class ServerSentEventsResult(IAsyncEnumerator<ChatResponseUpdate> updates, bool hasFirst, string id, long created, bool includeUsage) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await using (updates.ConfigureAwait(false))
        {
            string model = "unknown";
            var first = true;
            string? finish = null;
            long input = 0, output = 0;
            var more = hasFirst;
            while (more)
            {
                var update = updates.Current;
                if (update.AdditionalProperties?.GetValueOrDefault(GatewayProperties.Decision) is RoutingDecision decision)
                {
                    model = decision.Model;
                }

                if (update.Contents.OfType<UsageContent>().FirstOrDefault() is { } usage)
                {
                    input = usage.Details.InputTokenCount ?? input;
                    output = usage.Details.OutputTokenCount ?? output;
                }

                finish = OpenAIGatewayHandler.FinishReason(update.FinishReason) ?? finish;
                if (update.Text.Length > 0 || first)
                {
                    var delta = new JsonObject { ["content"] = update.Text };
                    if (first)
                    {
                        delta["role"] = "assistant";
                    }

                    await WriteAsync(response, Chunk(model, delta, null), httpContext.RequestAborted).ConfigureAwait(false);
                    first = false;
                }

                try
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (OpenAIErrors.FromException(e) is not null && !httpContext.RequestAborted.IsCancellationRequested)
                {
                    // Headers are gone: the error travels as an event, the way OpenAI reports mid-stream failures.
                    await WriteAsync(response, new JsonObject { ["error"] = new JsonObject { ["message"] = e.Message, ["type"] = "server_error", ["code"] = "stream_interrupted" } }, httpContext.RequestAborted).ConfigureAwait(false);
                    return;
                }
            }

            await WriteAsync(response, Chunk(model, new JsonObject(), finish ?? "stop"), httpContext.RequestAborted).ConfigureAwait(false);
            if (includeUsage)
            {
                var chunk = Chunk(model, null, null);
                chunk["usage"] = new JsonObject { ["prompt_tokens"] = input, ["completion_tokens"] = output, ["total_tokens"] = input + output };
                await WriteAsync(response, chunk, httpContext.RequestAborted).ConfigureAwait(false);
            }

            await response.WriteAsync("data: [DONE]\n\n", httpContext.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    private JsonObject Chunk(string model, JsonObject? delta, string? finish) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    };

    private static async Task WriteAsync(HttpResponse response, JsonObject json, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: " + json.ToJsonString() + "\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
