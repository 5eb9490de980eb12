using System.Text.Json;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.Governance.Pii;
using AiNative.Testing;
using Azure;
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
        """;

    private static readonly ToolCaller Agent = new("alice@example.com", "billing-resolution", ["billing.refund.create"]);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-tests", "tools-" + Guid.NewGuid().ToString("n"));
    private readonly CountingHandler counter = new();
    private readonly ToolAuditLog audit;
    private readonly ToolCallLedger ledger;
    private readonly ToolExecutor executor;
    private readonly ServiceProvider http = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public ToolExecutorTests(AzuriteFixture azurite)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "test.yaml"), Catalog);
        IToolHandler[] handlers = [counter, new Handler("echo", (i, _) => Task.FromResult(i.Arguments)), new Handler("slow", SlowAsync), new Handler("refuse", Refuse), new Handler("flaky", Flaky)];
        var configuration = new ConfigurationBuilder().Build();
        var factory = http.GetRequiredService<IHttpClientFactory>();
        var bindings = new ToolBindings(handlers, new HttpToolHandler(factory, configuration), new McpToolHandler(factory, configuration, NullLoggerFactory.Instance));
        audit = new ToolAuditLog(azurite.Account);
        ledger = new ToolCallLedger(azurite.Account);
        executor = new ToolExecutor(
            ToolRegistry.Load(directory, bindings.HandlerNames), bindings, new ToolRateLimits(), ledger, audit,
            new RegexPiiRedactor(), TimeProvider.System, Options.Create(new ToolOptions()), NullLogger<ToolExecutor>.Instance);
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
        Assert.Equal("alice@example.com", pay.Principal);
        Assert.Null(peek.Input);
        Assert.Null(peek.Output);
        Assert.Equal(AuditLevels.Low, peek.AuditLevel);
        Assert.NotNull(peek.DurationMs);
    }

    [Fact]
    public async Task A_result_is_redacted_before_the_ledger_the_audit_or_the_caller_sees_it()
    {
        var runId = "run-" + Guid.NewGuid().ToString("n");
        var key = runId + ":tool:0";

        var result = await executor.ExecuteAsync(Call("peek", new { invoice = "INV-2024-0042", contact = "jane.doe@example.com" }) with { RunId = runId, IdempotencyKey = key });
        var refused = await executor.ExecuteAsync(Call("broken", new { }) with { RunId = runId, IdempotencyKey = runId + ":tool:1" });
        var stored = await ledger.FindAsync(key, default);

        Assert.Equal("<EMAIL_ADDRESS>", result.Output!.Value.GetProperty("contact").GetString());
        Assert.Equal("INV-2024-0042", result.Output.Value.GetProperty("invoice").GetString());
        Assert.NotNull(stored);
        Assert.DoesNotContain("jane.doe", stored.Output!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("customer is closed", refused.Error!.Message, StringComparison.Ordinal);
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
