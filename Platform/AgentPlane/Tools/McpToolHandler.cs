using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// Runs <c>mcp:</c> tools: calls the named tool of an external MCP server over streamable HTTP with the official client.
/// The structured result is the tool's output; without one, the text content parsed as JSON (else <c>{"text": ...}</c>).
/// </summary>
public sealed class McpToolHandler(IHttpClientFactory clients, IConfiguration settings, ILoggerFactory loggers) : IToolHandler
{
    public string Name => "mcp";

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var binding = invocation.Tool.Mcp ?? throw new InvalidOperationException($"Tool '{invocation.Tool.Name}' is not an mcp tool.");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Idempotency-Key"] = invocation.IdempotencyKey };
        if (binding.AuthSetting is { } setting)
        {
            // Accept the environment-variable spelling (Section__Key) as well as the configuration key (Section:Key).
            var secret = settings[setting.Replace("__", ":", StringComparison.Ordinal)];
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw new ToolHandlerException($"The setting '{setting}' that holds the credential of '{invocation.Tool.Name}' is not set.");
            }

            headers["Authorization"] = $"Bearer {secret}";
        }

        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(binding.Endpoint), TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = headers },
            clients.CreateClient(HttpToolHandler.ClientName),
            loggers,
            ownsHttpClient: false);
        CallToolResult result;
        try
        {
            await using var client = await McpClient.CreateAsync(transport, new McpClientOptions(), loggers, cancellationToken).ConfigureAwait(false);
            var arguments = invocation.Arguments.ValueKind == JsonValueKind.Object
                ? invocation.Arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal)
                : [];
            result = await client.CallToolAsync(binding.Tool, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (McpException e)
        {
            throw new ToolHandlerException($"MCP server {binding.Endpoint} refused '{binding.Tool}': {e.Message}", e);
        }

        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        if (result.IsError == true)
        {
            throw new ToolHandlerException($"MCP tool '{binding.Tool}' at {binding.Endpoint} reported an error: {text}");
        }

        if (result.StructuredContent is { } structured)
        {
            return JsonSerializer.SerializeToElement(structured);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(new { text });
        }
    }
}
