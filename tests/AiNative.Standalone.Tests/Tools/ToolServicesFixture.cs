using System.ComponentModel;
using System.Text.Json;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.Storage.Local;
using AiNative.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace AiNative.Standalone.Tests.Tools;

/// <summary>
/// The Standalone host with MCP client keys, plus an external "rates" service on loopback that speaks both MCP
/// (tool <c>exchange_rate</c>) and REST (<c>GET /orders/{id}</c>); the host's catalog is a copy of the real one with
/// two more tools bound to that service (<c>mcp:</c> and <c>http:</c>).
/// </summary>
public sealed class ToolServicesFixture : IAsyncLifetime
{
    public const string SupportBotKey = "test-mcp-key-support-bot";
    public const string AuditorKey = "test-mcp-key-auditor";
    public const string RatesToken = "test-rates-token";

    /// <summary>Personal data the rates service's <c>invoice_contact</c> answers with (and names in its 404).</summary>
    public const string Email = "jane.roe@example.com";
    public const string Phone = "(415) 555-0132";
    public const string Card = "4111 1111 1111 1111";
    public const string FailureEmail = "billing.owner@example.org";

    /// <summary>What the <c>customer_lookup</c> handler's unexpected exceptions name: an e-mail and a storage secret.</summary>
    public const string CrashEmail = "dana@example.com";
    public const string CrashAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly AzuriteFixture azurite = new();
    private readonly string catalog = Path.Combine(Path.GetTempPath(), "ainative-tests", "catalog-" + Guid.NewGuid().ToString("n"));
    private WebApplication? rates;

    public StandaloneHost Host { get; private set; } = null!;

    /// <summary>The host's storage account (tests read its tables raw).</summary>
    public string StorageConnection => azurite.ConnectionString;

    /// <summary>Idempotency-Key headers the rates service received.</summary>
    public List<string> IdempotencyKeys { get; } = [];

    /// <summary>Every log line the host wrote (after its PII redaction), with the exception text.</summary>
    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var ratesUrl = $"http://127.0.0.1:{AzuriteLauncher.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(ratesUrl);
        builder.Services.AddMcpServer().WithHttpTransport(o => o.Stateless = true).WithTools<RatesTools>();
        rates = builder.Build();
        rates.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != $"Bearer {RatesToken}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            lock (IdempotencyKeys)
            {
                IdempotencyKeys.Add(context.Request.Headers["Idempotency-Key"].ToString());
            }

            await next(context);
        });
        rates.MapMcp("/mcp");
        rates.MapGet("/orders/{id}", (string id, string? expand) => id == "missing"
            ? Results.NotFound(new { error = "no such order" })
            : Results.Ok(new { order_id = id, status = "shipped", expand }));
        rates.MapGet("/invoices/{id}/contact", (string id) => id == "gone"
            ? Results.NotFound(new { error = $"no contact left for {FailureEmail}" })
            : Results.Ok(new { invoice_id = id, amount = 129.5, customer = new { email = Email, phone = "mobile " + Phone, cards = new[] { Card } } }));
        await rates.StartAsync();

        CopyDirectory(TestConfiguration.CatalogDirectory, catalog);
        File.WriteAllText(Path.Combine(catalog, "tools", "rates.yaml"), $$"""
            - name: "exchange_rate"
              description: "Currency exchange rate, from the rates service's MCP server"
              permissions: ["billing.account.read"]
              input_schema:
                type: "object"
                required: ["from", "to"]
                properties:
                  from: { type: "string", pattern: "^[A-Z]{3}$" }
                  to: { type: "string", pattern: "^[A-Z]{3}$" }
              output_schema:
                type: "object"
                required: ["rate"]
                properties:
                  rate: { type: "number" }
              rate_limit: "30 per minute"
              audit_level: "high"
              mcp:
                endpoint: "{{ratesUrl}}/mcp"
                tool: "exchange_rate"
                auth_setting: "Rates:Token"
            - name: "order_status"
              description: "Shipping status of an order, from the rates service's REST API"
              permissions: ["billing.account.read"]
              input_schema:
                type: "object"
                required: ["order_id"]
                properties:
                  order_id: { type: "string" }
                  expand: { type: "string" }
              output_schema:
                type: "object"
                required: ["order_id", "status"]
              rate_limit: "30 per minute"
              audit_level: "low"
              http:
                method: "GET"
                url_template: "{{ratesUrl}}/orders/{order_id}"
                auth_setting: "Rates:Token"
            - name: "invoice_contact"
              description: "An invoice with its customer's contact details, from the rates service's REST API"
              permissions: ["billing.account.read"]
              input_schema:
                type: "object"
                required: ["invoice_id"]
                properties:
                  invoice_id: { type: "string" }
              output_schema:
                type: "object"
                required: ["invoice_id"]
              rate_limit: "30 per minute"
              audit_level: "low"
              http:
                method: "GET"
                url_template: "{{ratesUrl}}/invoices/{invoice_id}/contact"
                auth_setting: "Rates:Token"
            - name: "customer_lookup"
              description: "A C# handler with a bug: it throws exceptions no tool is expected to throw"
              permissions: ["billing.account.read"]
              input_schema:
                type: "object"
                required: ["failure"]
                properties:
                  failure: { type: "string", enum: ["null_reference", "key_not_found"] }
              output_schema:
                type: "object"
              rate_limit: "30 per minute"
              audit_level: "high"
              handler: "{{CrashingCustomerLookup.HandlerName}}"
            """);

        var settings = StandaloneFixture.Settings(azurite.ConnectionString, Path.Combine(catalog, "..", Path.GetFileName(catalog) + "-data"), "m" + Guid.NewGuid().ToString("n")[..12]);
        settings["AiNative:CatalogDirectory"] = catalog;
        settings["Mcp:Clients:support-bot:ApiKey"] = SupportBotKey;
        settings["Mcp:Clients:support-bot:Permissions:0"] = "billing.account.read";
        settings["Mcp:Clients:auditor:ApiKey"] = AuditorKey;
        settings["Rates:Token"] = RatesToken;
        Host = await StandaloneHost.StartAsync([], settings, services =>
        {
            services.AddToolHandler<CrashingCustomerLookup>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (rates is not null)
        {
            await rates.DisposeAsync();
        }

        await azurite.DisposeAsync();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The external service's MCP tools.</summary>
    [McpServerToolType]
    public sealed class RatesTools
    {
        [McpServerTool(Name = "exchange_rate"), Description("Exchange rate between two currencies")]
        public static string ExchangeRate(string from, string to) =>
            $$"""{"from":"{{from}}","to":"{{to}}","rate":{{(from == to ? "1" : "0.92")}}}""";
    }

    /// <summary>Throws what a buggy handler throws (neither transient nor a handled type), naming a customer and a secret.</summary>
    public sealed class CrashingCustomerLookup : IToolHandler
    {
        public const string HandlerName = "crashing_customer_lookup";

        public string Name => HandlerName;

        public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(invocation);
#pragma warning disable CA2201 // The point is a reserved exception type, as a real bug throws it.
            Exception failure = invocation.Arguments.GetProperty("failure").GetString() == "null_reference"
                ? new NullReferenceException($"customer {CrashEmail} has no billing profile")
                : new KeyNotFoundException($"no account for {CrashEmail} in DefaultEndpointsProtocol=https;AccountName=billing;AccountKey={CrashAccountKey}");
#pragma warning restore CA2201
            throw failure;
        }
    }
}
