using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiNative.Api.Http;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.Governance;
using AiNative.Platform.Governance.Pii;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AiNative.Api.Tools;

/// <summary>
/// Serves the tool registry as MCP tools (streamable HTTP at <c>/api/mcp</c>): tools/list shows each tool with its
/// schemas, tools/call runs it through the same eight-step wrapper as agents do, as the client the API key names.
/// </summary>
public static partial class McpToolServer
{
    public const string Route = "/api/mcp";

    private const string PermissionClaim = "ainative.permission";

    public static IServiceCollection AddMcpToolServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpAccessOptions>().Bind(configuration.GetSection(McpAccessOptions.Section));
        services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "ainative-tools", Version = "1.0.0" })
            // Stateless: any instance answers any request, and nothing is kept between calls but the audit trail.
            .WithHttpTransport(o => o.Stateless = true)
            .WithListToolsHandler((request, _) =>
            {
                var registry = request.Services!.GetRequiredService<ToolRegistry>();
                return ValueTask.FromResult(new ListToolsResult
                {
                    Tools = [.. registry.All.Select(t => new Tool { Name = t.Name, Description = t.Description, InputSchema = t.InputSchemaJson, OutputSchema = t.OutputSchemaJson })],
                });
            })
            .WithCallToolHandler(async (request, cancellationToken) =>
            {
                var executor = request.Services!.GetRequiredService<ToolExecutor>();
                var caller = CallerOf(request.User);
                var arguments = request.Params?.Arguments is { } a ? JsonSerializer.SerializeToElement(a) : JsonSerializer.SerializeToElement(new { });
                ToolResult result;
                try
                {
                    result = await executor.ExecuteAsync(new ToolCall(request.Params?.Name ?? "", arguments, caller), cancellationToken);
                }
                catch (ToolTransientException e)
                {
                    return Error(new ToolError("transient", $"{e.Message} Try again."));
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A bug in a handler: the log and the audit trail get its message with PII and secrets replaced (the
                    // redaction activity failures get before Durable records them); the client gets code 'internal' and
                    // the exception's type only, since the message may still name internals (hosts, account names).
                    return Unexpected(request.Services!, request.Params?.Name ?? "", e);
                }

                return result is { Succeeded: true, Output: { } output }
                    ? new CallToolResult { StructuredContent = output, Content = [new TextContentBlock { Text = output.GetRawText() }] }
                    : Error(result.Error!);
            });
        return services;
    }

    /// <summary>Maps the MCP endpoint behind the API-key check.</summary>
    public static IEndpointRouteBuilder MapMcpTools(this IEndpointRouteBuilder app)
    {
        app.MapMcp(Route).Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                if (Authenticate(context) is { } refusal)
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }

                await inner(context);
            };
        });
        return app;
    }

    private static IResult? Authenticate(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<McpAccessOptions>>().Value;
        var clients = options.Clients.Where(c => !string.IsNullOrEmpty(c.Value.ApiKey)).ToList();
        if (clients.Count == 0)
        {
            return Unauthorized("The MCP endpoint has no API keys: set Mcp__Clients__<client>__ApiKey.");
        }

        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : context.Request.Headers["X-Api-Key"].ToString();
        var presented = Encoding.UTF8.GetBytes(key);
        foreach (var (name, client) in clients)
        {
            if (key.Length > 0 && CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(client.ApiKey!)))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, $"mcp:{name}"), .. client.Permissions.Select(p => new Claim(PermissionClaim, p))],
                    authenticationType: "ApiKey"));
                return null;
            }
        }

        return Unauthorized("Send an MCP client API key as 'Authorization: Bearer <key>' or 'X-Api-Key'.");
    }

    private static IResult Unauthorized(string detail) => ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized.", detail);

    private static ToolCaller CallerOf(ClaimsPrincipal? user) =>
        new(user?.Identity?.Name ?? "mcp:anonymous", "mcp", [.. user?.FindAll(PermissionClaim).Select(c => c.Value) ?? []]);

    private static CallToolResult Unexpected(IServiceProvider services, string tool, Exception failure)
    {
        var redacted = PiiExceptionRedaction.Redact(failure, services.GetRequiredService<IPiiRedactor>()) ?? failure;
        Log.Unexpected(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(McpToolServer).FullName!), redacted, tool, failure.GetType().Name);
        return Error(new ToolError(ToolErrorCodes.Internal, $"'{tool}' failed unexpectedly ({failure.GetType().Name}); the server log and the tool audit trail have the details."));
    }

    private static CallToolResult Error(ToolError error) => new()
    {
        IsError = true,
        StructuredContent = JsonSerializer.SerializeToElement(error, ErrorJson),
        Content = [new TextContentBlock { Text = $"{error.Code}: {error.Message}" }],
    };

    private static readonly JsonSerializerOptions ErrorJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4310, Level = LogLevel.Error, Message = "MCP tools/call '{Tool}' failed with an unexpected {ExceptionType}; the client got error code 'internal'")]
        public static partial void Unexpected(ILogger logger, Exception exception, string tool, string exceptionType);
    }
}
