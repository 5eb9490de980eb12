using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Api.Tools;
using AiNative.Platform.AgentPlane.Tools;
using Azure.Data.Tables;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AiNative.Standalone.Tests.Tools;

/// <summary>
/// The registry over MCP with the official client (list, call, refusals), the registry consuming an external MCP
/// server and a REST endpoint, and <c>GET /api/tools</c>.
/// </summary>
public sealed class McpToolsTests(ToolServicesFixture fixture) : IClassFixture<ToolServicesFixture>
{
    [Fact]
    public async Task Mcp_clients_see_the_registry_with_its_schemas()
    {
        await using var client = await ConnectAsync(ToolServicesFixture.SupportBotKey);

        var tools = await client.ListToolsAsync();

        var refund = Assert.Single(tools, t => t.Name == "refund_customer");
        Assert.Equal("Process a refund for a customer", refund.Description);
        Assert.Equal(500, refund.ProtocolTool.InputSchema.GetProperty("properties").GetProperty("amount").GetProperty("maximum").GetInt32());
        Assert.Contains(tools, t => t.Name == "exchange_rate");
    }

    [Fact]
    public async Task An_mcp_call_runs_through_the_wrapper_as_the_key_holder()
    {
        await using var client = await ConnectAsync(ToolServicesFixture.SupportBotKey);

        var account = await client.CallToolAsync("check_billing_system", new Dictionary<string, object?> { ["customer_id"] = "C12345" });
        var refund = await client.CallToolAsync("refund_customer", new Dictionary<string, object?> { ["customer_id"] = "C12345", ["amount"] = 5, ["reason"] = "goodwill" });
        var invalid = await client.CallToolAsync("check_billing_system", new Dictionary<string, object?> { ["customer_id"] = 42 });

        Assert.NotEqual(true, account.IsError);
        Assert.True(Structured(account).GetProperty("found").GetBoolean());
        Assert.True(refund.IsError);
        Assert.Equal("forbidden", Structured(refund).GetProperty("code").GetString());
        Assert.Contains("mcp:support-bot", Text(refund), StringComparison.Ordinal);
        Assert.True(invalid.IsError);
        Assert.Equal("invalid_input", Structured(invalid).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Without_a_valid_key_the_endpoint_answers_401()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Host.Url + McpToolServer.Route)
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/list" }),
        };
        request.Headers.Authorization = new("Bearer", "not-a-key");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("API key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_tools_bound_to_an_external_mcp_server_and_a_rest_endpoint_work()
    {
        await using var client = await ConnectAsync(ToolServicesFixture.SupportBotKey);

        var rate = await client.CallToolAsync("exchange_rate", new Dictionary<string, object?> { ["from"] = "USD", ["to"] = "EUR" });
        var order = await client.CallToolAsync("order_status", new Dictionary<string, object?> { ["order_id"] = "A-17", ["expand"] = "lines" });
        var missing = await client.CallToolAsync("order_status", new Dictionary<string, object?> { ["order_id"] = "missing" });

        Assert.NotEqual(true, rate.IsError);
        Assert.Equal(0.92m, Structured(rate).GetProperty("rate").GetDecimal());
        Assert.Equal("shipped", Structured(order).GetProperty("status").GetString());
        Assert.Equal("lines", Structured(order).GetProperty("expand").GetString());
        Assert.Equal("handler_failed", Structured(missing).GetProperty("code").GetString());
        Assert.Contains("404", Text(missing), StringComparison.Ordinal);
        lock (fixture.IdempotencyKeys)
        {
            Assert.Contains(fixture.IdempotencyKeys, k => k.StartsWith("adhoc:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_mcp_call_returns_the_tool_result_and_its_error_pii_redacted()
    {
        await using var client = await ConnectAsync(ToolServicesFixture.SupportBotKey);

        var contact = await client.CallToolAsync("invoice_contact", new Dictionary<string, object?> { ["invoice_id"] = "INV-2024-0042" });
        var gone = await client.CallToolAsync("invoice_contact", new Dictionary<string, object?> { ["invoice_id"] = "gone" });

        Assert.NotEqual(true, contact.IsError);
        var output = Structured(contact);
        var everything = $"{output.GetRawText()}\n{Text(contact)}\n{Structured(gone).GetRawText()}\n{Text(gone)}";
        string[] personal = [ToolServicesFixture.Email, "555-0132", ToolServicesFixture.Card, ToolServicesFixture.FailureEmail];
        Assert.Equal("", string.Join(", ", personal.Where(v => everything.Contains(v, StringComparison.Ordinal))));
        Assert.Equal("INV-2024-0042", output.GetProperty("invoice_id").GetString());
        Assert.Equal(129.5, output.GetProperty("amount").GetDouble());
        Assert.Equal("<EMAIL_ADDRESS>", output.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal("mobile <PHONE_NUMBER>", output.GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal("<CREDIT_CARD>", output.GetProperty("customer").GetProperty("cards")[0].GetString());
        Assert.Contains("<EMAIL_ADDRESS>", Text(contact), StringComparison.Ordinal);
        Assert.True(gone.IsError);
        Assert.Equal("handler_failed", Structured(gone).GetProperty("code").GetString());
        Assert.Contains("404", Text(gone), StringComparison.Ordinal);
        Assert.Contains("no contact left for <EMAIL_ADDRESS>", Text(gone), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null_reference", "NullReferenceException")]
    [InlineData("key_not_found", "KeyNotFoundException")]
    public async Task An_unexpected_handler_exception_reaches_the_client_as_its_type_and_audit_and_logs_only_redacted(string failure, string type)
    {
        await using var client = await ConnectAsync(ToolServicesFixture.SupportBotKey);

        CallToolResult result;
        try
        {
            result = await client.CallToolAsync("customer_lookup", new Dictionary<string, object?> { ["failure"] = failure });
        }
        catch (McpException e)
        {
            throw new Xunit.Sdk.XunitException($"the client got a JSON-RPC error instead of a tool result: {e.GetType().Name} {e.Message}");
        }

        var audit = await AuditRowsAsync("customer_lookup");
        var logs = string.Join("\n", fixture.Logs.Lines);
        var everything = $"{Structured(result).GetRawText()}\n{Text(result)}\n{audit}\n{logs}";
        string[] secrets = [ToolServicesFixture.CrashEmail, ToolServicesFixture.CrashAccountKey, "AccountKey=Eby8"];
        Assert.Equal("", string.Join(", ", secrets.Where(v => everything.Contains(v, StringComparison.Ordinal))));
        Assert.True(result.IsError);
        Assert.Equal(ToolErrorCodes.Internal, Structured(result).GetProperty("code").GetString());
        Assert.Equal($"internal: 'customer_lookup' failed unexpectedly ({type}); the server log and the tool audit trail have the details.", Text(result));
        // Positive controls: the audit trail has the failure, and the log has it (redacted) with its type.
        Assert.Contains("ErrorCode=internal", audit, StringComparison.Ordinal);
        Assert.Contains($"ErrorMessage='customer_lookup' failed unexpectedly ({type}): ", audit, StringComparison.Ordinal);
        Assert.Contains(fixture.Logs.Lines, l => l.StartsWith(typeof(McpToolServer).FullName + ": MCP tools/call 'customer_lookup' failed with an unexpected " + type, StringComparison.Ordinal)
            && l.Contains("<EMAIL_ADDRESS>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_without_permissions_is_refused_every_tool_that_needs_one()
    {
        await using var client = await ConnectAsync(ToolServicesFixture.AuditorKey);

        var result = await client.CallToolAsync("exchange_rate", new Dictionary<string, object?> { ["from"] = "USD", ["to"] = "EUR" });

        Assert.True(result.IsError);
        Assert.Equal("forbidden", Structured(result).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_tools_lists_the_registry_with_schemas_and_bindings()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Host.Url) };

        var body = await http.GetFromJsonAsync<JsonElement>("/api/tools");

        var tools = body.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("5 per minute", tools["refund_customer"].GetProperty("rate_limit").GetString());
        Assert.Equal("reverse_refund", tools["refund_customer"].GetProperty("undo").GetString());
        Assert.Equal("object", tools["refund_customer"].GetProperty("output_schema").GetProperty("type").GetString());
        Assert.Equal("mcp", tools["exchange_rate"].GetProperty("runs_as").GetString());
        Assert.Equal("http", tools["order_status"].GetProperty("runs_as").GetString());
        using var missing = await http.GetAsync("/api/runs/run-nobody/audit");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Every property of every raw <c>ToolAudit</c> row of the tool, as text.</summary>
    private async Task<string> AuditRowsAsync(string tool)
    {
        var table = new TableClient(fixture.StorageConnection, ToolAuditLog.TableName);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Tool eq {tool}")))
        {
            rows.Add(string.Join("; ", row.Select(p => $"{p.Key}={p.Value}")));
        }

        return string.Join("\n", rows);
    }

    private Task<McpClient> ConnectAsync(string key) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(fixture.Host.Url + McpToolServer.Route),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }));

    private static JsonElement Structured(CallToolResult result) =>
        result.StructuredContent is { } s ? JsonSerializer.SerializeToElement(s) : throw new Xunit.Sdk.XunitException($"no structured content: {Text(result)}");

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
