using System.Text.Json;
using AiNative.Platform.AgentPlane;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.Governance.Pii;
using AiNative.Testing;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Tests.AgentPlane.Tools;

/// <summary>The eight-step wrapper with real handlers, a real Azurite ledger and audit log: every refusal is a typed result.</summary>
public sealed class ToolExecutorTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Catalog = """
        - name: "pay"
          description: "pays an amount"
          permissions: ["billing.refund.create"]
          input_schema:
            type: "object"
            required: ["customer_id", "amount"]
            properties:
              customer_id: { type: "string" }
              amount: { type: "number", minimum: 0, maximum: 500 }
              note: { type: "string" }
          output_schema:
            type: "object"
            required: ["n"]
            properties:
              n: { type: "integer" }
          rate_limit: "3 per minute"
          audit_level: "high"
          handler: "count"
        - name: "peek"
          description: "metadata-only audit"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "low"
          handler: "echo"
        - name: "slow"
          description: "never answers in time"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "low"
          handler: "slow"
          timeout: "200ms"
        - name: "liar"
          description: "breaks its output schema"
          permissions: []
          input_schema: { type: "object" }
          output_schema:
            type: "object"
            required: ["id"]
          rate_limit: "100 per minute"
          audit_level: "low"
          handler: "echo"
        - name: "broken"
          description: "refuses everything"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "low"
          handler: "refuse"
        - name: "flaky"
          description: "storage hiccup"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "low"
          handler: "flaky"
        - name: "contact"
          description: "an invoice with the customer's contact details"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "high"
          handler: "contact"
        - name: "contact_gone"
          description: "fails naming the customer"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "high"
          handler: "contact_gone"
        - name: "crash"
          description: "a handler with a bug"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "high"
          handler: "crash"
        """;

    private const string Email = "jane.roe@example.com";
    private const string Phone = "(415) 555-0132";
    private const string Card = "4111 1111 1111 1111";
    private const string FailureEmail = "billing.owner@example.org";

    private static readonly ToolCaller Agent = new("alice@example.com", "billing-resolution", ["billing.refund.create"]);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-tests", "tools-" + Guid.NewGuid().ToString("n"));
    private readonly CountingHandler counter = new();
    private readonly AzuriteFixture azurite;
    private int contactCalls;
    private readonly ToolAuditLog audit;
    private readonly ToolCallLedger ledger;
    private readonly ToolExecutor executor;
    private readonly PrincipalPseudonyms pseudonyms = new(
        new RegexPiiRedactor(), Options.Create(new PiiKeyOptions { HashKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 3)).ToArray()) }), Options.Create(new ApprovalOptions()));
    private readonly ServiceProvider http = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public ToolExecutorTests(AzuriteFixture azurite)
    {
        this.azurite = azurite;
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "test.yaml"), Catalog);
        IToolHandler[] handlers = [counter, new Handler("echo", (i, _) => Task.FromResult(i.Arguments)), new Handler("slow", SlowAsync), new Handler("refuse", Refuse), new Handler("flaky", Flaky),
            new Handler("contact", Contact), new Handler("contact_gone", ContactGone), new Handler("crash", Crash)];
        var configuration = new ConfigurationBuilder().Build();
        var factory = http.GetRequiredService<IHttpClientFactory>();
        var bindings = new ToolBindings(handlers, new HttpToolHandler(factory, configuration), new McpToolHandler(factory, configuration, NullLoggerFactory.Instance));
        audit = new ToolAuditLog(azurite.Account);
        ledger = new ToolCallLedger(azurite.Account);
        executor = new ToolExecutor(
            ToolRegistry.Load(directory, bindings.HandlerNames), bindings, new ToolRateLimits(), ledger, audit,
            new RegexPiiRedactor(), pseudonyms, TimeProvider.System, Options.Create(new ToolOptions()), NullLogger<ToolExecutor>.Instance);
    }

    [Fact]
    public async Task Arguments_that_break_the_input_schema_are_refused_before_the_handler_runs()
    {
        var result = await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 900 }));

        Assert.Equal(ToolErrorCodes.InvalidInput, result.Error?.Code);
        Assert.Contains(result.Error!.Details!, d => d.StartsWith("/amount", StringComparison.Ordinal));
        Assert.Equal(0, counter.Calls);
    }

    [Fact]
    public async Task A_caller_without_the_tools_permission_is_refused()
    {
        var intern = new ToolCaller("bob@example.com", "billing-resolution", ["billing.account.read"]);

        var refused = await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 5 }, intern));
        var wildcard = await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 5 }, intern with { Principal = "carol@example.com", Permissions = ["billing.*"] }));

        Assert.Equal(ToolErrorCodes.Forbidden, refused.Error?.Code);
        Assert.Contains("billing.refund.create", refused.Error!.Message, StringComparison.Ordinal);
        Assert.True(wildcard.Succeeded, wildcard.Error?.Message);
        Assert.Equal(1, counter.Calls);
    }

    [Fact]
    public async Task The_fourth_call_in_a_minute_is_rate_limited_per_caller()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 1 }))).Succeeded);
        }

        var limited = await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 1 }));
        var otherCaller = await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 1 }, Agent with { Principal = "dave@example.com" }));

        Assert.Equal(ToolErrorCodes.RateLimited, limited.Error?.Code);
        Assert.InRange(limited.Error!.RetryAfterSeconds ?? 0, 1, 60);
        Assert.Contains("3 per minute", limited.Error.Message, StringComparison.Ordinal);
        Assert.True(otherCaller.Succeeded);
        Assert.Equal(4, counter.Calls);
    }

    [Fact]
    public async Task A_person_is_rate_limited_as_one_caller_however_the_principal_is_spelled()
    {
        // The limit is keyed like the audit trail: by the person's pseudonym, so case and spaces make no second allowance.
        string[] spellings = ["erin@example.com", "Erin@Example.com", " ERIN@example.COM", "erin@example.com"];
        var results = new List<ToolResult>();
        foreach (var principal in spellings)
        {
            results.Add(await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 1 }, Agent with { Principal = principal })));
        }

        Assert.Equal([true, true, true, false], results.Select(r => r.Succeeded));
        Assert.Equal(ToolErrorCodes.RateLimited, results[3].Error?.Code);
    }

    [Fact]
    public async Task A_handler_that_does_not_answer_in_time_is_a_timeout()
    {
        var result = await executor.ExecuteAsync(Call("slow", new { }));

        Assert.Equal(ToolErrorCodes.Timeout, result.Error?.Code);
        Assert.Contains("0.2 s", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_that_breaks_the_output_schema_is_refused()
    {
        var result = await executor.ExecuteAsync(Call("liar", new { name = "x" }));

        Assert.Equal(ToolErrorCodes.InvalidOutput, result.Error?.Code);
        Assert.Contains(result.Error!.Details!, d => d.Contains("id", StringComparison.Ordinal));
        Assert.Null(result.Output);
    }

    [Fact]
    public async Task A_handler_refusal_is_an_explained_result_and_a_transient_failure_throws()
    {
        var refused = await executor.ExecuteAsync(Call("broken", new { }));

        Assert.Equal(ToolErrorCodes.HandlerFailed, refused.Error?.Code);
        Assert.Contains("customer is closed", refused.Error!.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ToolTransientException>(() => executor.ExecuteAsync(Call("flaky", new { })));
    }

    [Fact]
    public async Task The_same_idempotency_key_acts_once_and_returns_the_recorded_result()
    {
        var runId = "run-" + Guid.NewGuid().ToString("n");
        var call = Call("pay", new { customer_id = "C1", amount = 25 }) with { IdempotencyKey = $"{runId}:tool:3", RunId = runId };

        var first = await executor.ExecuteAsync(call);
        var again = await executor.ExecuteAsync(call);

        Assert.Equal(1, counter.Calls);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.CallId, again.CallId);
        Assert.Equal(first.Output!.Value.GetRawText(), again.Output!.Value.GetRawText());
        var trail = await audit.ListAsync(runId, default);
        Assert.Equal(new[] { ToolAuditPhases.Request, ToolAuditPhases.Result, ToolAuditPhases.Replayed }, trail.Select(e => e.Phase).ToArray());
    }

    [Fact]
    public async Task Audit_keeps_redacted_input_and_output_at_high_and_metadata_only_at_low()
    {
        var runId = "run-" + Guid.NewGuid().ToString("n");

        await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 25, note = "mail jane.doe@example.com" }) with { RunId = runId, IdempotencyKey = runId + ":tool:0" });
        await executor.ExecuteAsync(Call("peek", new { note = "mail jane.doe@example.com" }) with { RunId = runId, IdempotencyKey = runId + ":tool:1" });

        var trail = await audit.ListAsync(runId, default);
        var pay = Assert.Single(trail, e => e.Tool == "pay" && e.Phase == ToolAuditPhases.Result);
        var peek = Assert.Single(trail, e => e.Tool == "peek" && e.Phase == ToolAuditPhases.Result);
        Assert.Contains("<EMAIL_ADDRESS>", pay.Input, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", pay.Input, StringComparison.Ordinal);
        Assert.Contains("\"n\"", pay.Output, StringComparison.Ordinal);
        Assert.Equal("ok", pay.Status);
        Assert.Equal(pseudonyms.Of("alice@example.com"), pay.Principal);
        Assert.Null(peek.Input);
        Assert.Null(peek.Output);
        Assert.Equal(AuditLevels.Low, peek.AuditLevel);
        Assert.NotNull(peek.DurationMs);
    }

    [Fact]
    public async Task The_ledger_stores_only_the_redacted_result_and_a_replay_returns_exactly_that()
    {
        var runId = "run-" + Guid.NewGuid().ToString("n");
        var key = runId + ":tool:0";
        var failedKey = runId + ":tool:1";

        var first = await executor.ExecuteAsync(Call("contact", new { }) with { RunId = runId, IdempotencyKey = key });
        var failed = await executor.ExecuteAsync(Call("contact_gone", new { }) with { RunId = runId, IdempotencyKey = failedKey });
        var again = await executor.ExecuteAsync(Call("contact", new { }) with { RunId = runId, IdempotencyKey = key });
        var failedAgain = await executor.ExecuteAsync(Call("contact_gone", new { }) with { RunId = runId, IdempotencyKey = failedKey });
        var rows = await RawLedgerRowAsync(key) + "\n" + await RawLedgerRowAsync(failedKey);

        string[] personal = [Email, "555-0132", Card, FailureEmail];
        Assert.Contains("INV-2024-0042", rows, StringComparison.Ordinal); // positive controls: the row holds the result...
        Assert.Contains("129.5", rows, StringComparison.Ordinal);
        Assert.Contains("no contact left for", rows, StringComparison.Ordinal);
        Assert.Equal("", string.Join(", ", personal.Where(v => rows.Contains(v, StringComparison.Ordinal)))); // ...but no personal data
        Assert.Equal("<EMAIL_ADDRESS>", first.Output!.Value.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal("mobile <PHONE_NUMBER>", first.Output.Value.GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal("<CREDIT_CARD>", first.Output.Value.GetProperty("customer").GetProperty("cards")[0].GetString());
        Assert.Equal(ToolErrorCodes.HandlerFailed, failed.Error?.Code);
        Assert.Equal("'contact_gone' failed: no contact left for <EMAIL_ADDRESS>", failed.Error!.Message);
        Assert.Equal(2, contactCalls); // one per key: the second calls were replays
        Assert.True(again.Replayed);
        Assert.Equal(first.CallId, again.CallId);
        Assert.Equal(first.Output.Value.GetRawText(), again.Output!.Value.GetRawText());
        Assert.True(failedAgain.Replayed);
        Assert.Equal(failed.Error, failedAgain.Error);
    }

    [Fact]
    public async Task A_ledger_row_recorded_unredacted_is_redacted_when_replayed()
    {
        var runId = "run-" + Guid.NewGuid().ToString("n");
        var key = runId + ":tool:0";
        var legacy = new ToolResult("contact", "legacy-call", JsonSerializer.SerializeToElement(new { invoice_id = "INV-2024-0042", email = Email }), null, IdempotencyKey: key);
        await ledger.CompleteAsync(key, legacy, default);

        var replayed = await executor.ExecuteAsync(Call("contact", new { }) with { RunId = runId, IdempotencyKey = key });

        Assert.True(replayed.Replayed);
        Assert.Equal(0, contactCalls);
        Assert.Equal("legacy-call", replayed.CallId);
        Assert.Equal("""{"invoice_id":"INV-2024-0042","email":"<EMAIL_ADDRESS>"}""", replayed.Output!.Value.GetRawText());
    }

    [Fact]
    public async Task The_audit_trail_stores_a_person_as_their_pseudonym_and_a_service_principal_as_it_is()
    {
        var runId = "run-" + Guid.NewGuid().ToString("n");
        var person = new ToolCaller("Dana.Whitfield@example.com", "billing-resolution", ["billing.refund.create"]);

        var paid = await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 5 }, person) with { RunId = runId });
        await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 6 }, person with { Principal = " dana.whitfield@EXAMPLE.com" }) with { RunId = runId });
        var refused = await executor.ExecuteAsync(Call("pay", new { customer_id = "C1", amount = 7 }, person with { Permissions = [] }) with { RunId = runId });
        await executor.ExecuteAsync(Call("peek", new { }, new ToolCaller("mcp:billing-bot", "mcp", [])) with { RunId = runId });
        await executor.ExecuteAsync(Call("peek", new { }, new ToolCaller("agent:billing", "billing-resolution", [])) with { RunId = runId });
        var rows = await RawAuditRowsAsync(runId);

        Assert.True(paid.Succeeded, paid.Error?.Message);
        Assert.Equal(9, rows.Count); // request and result of each call, the refusal's result alone
        var principals = rows.Select(r => r.GetString("Principal")).ToList();
        var pseudonym = pseudonyms.Of(person.Principal);
        Assert.StartsWith(PrincipalPseudonyms.Prefix, pseudonym, StringComparison.Ordinal);
        Assert.Equal(5, principals.Count(p => p == pseudonym)); // one pseudonym for both spellings: audit queries still join
        Assert.Equal(2, principals.Count(p => p == "mcp:billing-bot"));
        Assert.Equal(2, principals.Count(p => p == "agent:billing"));
        Assert.Contains(pseudonym, refused.Error!.Message, StringComparison.Ordinal);
        var text = string.Join("\n", rows.SelectMany(r => r.Select(p => $"{p.Key}={p.Value}")));
        Assert.DoesNotContain("whitfield", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unexpected_handler_exception_reaches_the_caller_and_the_audit_trail_holds_it_redacted()
    {
        var runId = "run-" + Guid.NewGuid().ToString("n");
        var key = runId + ":tool:0";

        var thrown = await Assert.ThrowsAsync<NullReferenceException>(() => executor.ExecuteAsync(Call("crash", new { }) with { RunId = runId, IdempotencyKey = key }));
        var rows = await RawAuditRowsAsync(runId);

        Assert.Contains(Email, thrown.Message, StringComparison.Ordinal); // the caller's host redacts what it records
        var result = Assert.Single(rows, r => r.GetString("Phase") == ToolAuditPhases.Result);
        Assert.Equal(ToolErrorCodes.Internal, result.GetString("ErrorCode"));
        Assert.Equal("error", result.GetString("Status"));
        Assert.Equal("'crash' failed unexpectedly (NullReferenceException): no profile for <EMAIL_ADDRESS>", result.GetString("ErrorMessage"));
        Assert.DoesNotContain(Email, string.Join("\n", rows.SelectMany(r => r.Select(p => $"{p.Key}={p.Value}"))), StringComparison.Ordinal);
        Assert.Null(await ledger.FindAsync(key, default)); // not recorded under the key: a retry acts again
    }

    /// <summary>The run's <c>ToolAudit</c> rows as stored, read past <see cref="ToolAuditLog"/>.</summary>
    private async Task<IReadOnlyList<TableEntity>> RawAuditRowsAsync(string runId)
    {
        var table = await azurite.Account.TableAsync(ToolAuditLog.TableName);
        return await table.QueryAsync<TableEntity>(e => e.PartitionKey == runId).ToListAsync();
    }

    /// <summary>Every property of the ledger's table row as stored, read past <see cref="ToolCallLedger"/>.</summary>
    private async Task<string> RawLedgerRowAsync(string key)
    {
        var table = await azurite.Account.TableAsync(ToolCallLedger.TableName);
        var row = Assert.Single(await table.QueryAsync<TableEntity>(e => e.RowKey == key).ToListAsync());
        return string.Join("\n", row.Select(p => $"{p.Key}={p.Value}"));
    }

    private static ToolCall Call(string tool, object arguments, ToolCaller? caller = null) =>
        new(tool, JsonSerializer.SerializeToElement(arguments), caller ?? Agent);

    private static async Task<JsonElement> SlowAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        // Ignores the token on purpose: the wrapper must bound handlers that do not cooperate.
        await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
        return invocation.Arguments;
    }

    private static Task<JsonElement> Refuse(ToolInvocation invocation, CancellationToken cancellationToken) =>
        throw new ToolHandlerException("the customer is closed");

    private static Task<JsonElement> Flaky(ToolInvocation invocation, CancellationToken cancellationToken) =>
        throw new RequestFailedException(503, "Server busy");

    private Task<JsonElement> Contact(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref contactCalls);
        return Task.FromResult(JsonSerializer.SerializeToElement(new
        {
            invoice_id = "INV-2024-0042",
            amount = 129.5,
            customer = new { email = Email, phone = "mobile " + Phone, cards = new[] { Card } },
        }));
    }

#pragma warning disable CA2201 // The point is a reserved exception type, as a real bug throws it.
    private static Task<JsonElement> Crash(ToolInvocation invocation, CancellationToken cancellationToken) =>
        throw new NullReferenceException($"no profile for {Email}");
#pragma warning restore CA2201

    private Task<JsonElement> ContactGone(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref contactCalls);
        throw new ToolHandlerException($"no contact left for {FailureEmail}");
    }

    public void Dispose()
    {
        http.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private sealed class Handler(string name, Func<ToolInvocation, CancellationToken, Task<JsonElement>> run) : IToolHandler
    {
        public string Name => name;

        public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => run(invocation, cancellationToken);
    }

    private sealed class CountingHandler : IToolHandler
    {
        private int calls;

        public int Calls => calls;

        public string Name => "count";

        public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
            Task.FromResult(JsonSerializer.SerializeToElement(new { n = Interlocked.Increment(ref calls) }));
    }
}
