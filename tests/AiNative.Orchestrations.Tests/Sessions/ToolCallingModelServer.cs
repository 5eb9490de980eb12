using System.Text.Json.Nodes;
using AiNative.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>
/// A loopback server speaking OpenAI's chat completions wire format with tool calls: each request gets the next
/// scripted answer (a tool call or text); with the script empty it answers <see cref="Fallback"/>.
/// </summary>
public sealed class ToolCallingModelServer : IAsyncDisposable
{
    private readonly Queue<Func<JsonNode, JsonObject>> script = new();
    private int calls;

    private LoopbackHttpServer server = null!;

    private ToolCallingModelServer()
    {
    }

    public Uri BaseAddress => new(server.BaseAddress, "v1");

    /// <summary>Request bodies, in order.</summary>
    public List<JsonNode> Requests { get; } = [];

    /// <summary>The answer when the script is empty (default: the text "done").</summary>
    public Func<JsonNode, JsonObject> Fallback { get; set; } = _ => Text("done");

    public static async Task<ToolCallingModelServer> StartAsync()
    {
        var fake = new ToolCallingModelServer();
        fake.server = await LoopbackHttpServer.StartAsync(app => app.MapPost("/v1/chat/completions", (Delegate)fake.ChatAsync));
        return fake;
    }

    public void Enqueue(params Func<JsonNode, JsonObject>[] answers)
    {
        lock (script)
        {
            foreach (var a in answers)
            {
                script.Enqueue(a);
            }
        }
    }

    /// <summary>A chat completion that asks for one tool call.</summary>
    public static Func<JsonNode, JsonObject> ToolCall(string callId, string tool, string argumentsJson) => _ => Completion(
        new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = callId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = tool, ["arguments"] = argumentsJson },
            }),
        },
        "tool_calls");

    public static Func<JsonNode, JsonObject> Answer(string text) => _ => Text(text);

    public static JsonObject Text(string text) => Completion(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop");

    private static JsonObject Completion(JsonObject message, string finish) => new()
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_760_000_000,
        ["model"] = "gpt-test",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 10, ["total_tokens"] = 110 },
    };

    private async Task<IResult> ChatAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        Func<JsonNode, JsonObject> answer;
        lock (script)
        {
            Requests.Add(body);
            calls++;
            answer = script.Count > 0 ? script.Dequeue() : Fallback;
        }

        return Results.Json(answer(body));
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
