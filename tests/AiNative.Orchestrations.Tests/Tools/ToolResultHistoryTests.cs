using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using AiNative.Orchestrations.Tests.Hosting;
using AiNative.Orchestrations.Tools;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiNative.Orchestrations.Tests.Tools;

/// <summary>
/// The durable host with three test tools whose output or failure carries personal data, a drill orchestration calling them,
/// and a recorder of the history the engine replays.
/// </summary>
public sealed class ToolPiiHostFixture : DurableHostFixture
{
    public const string Drill = "ToolPiiDrill";
    public const string Email = "jane.roe@example.com";
    public const string Phone = "(415) 555-0132";
    public const string Card = "4111 1111 1111 1111";
    public const string FailureEmail = "billing.owner@example.org";
    public const string TransientEmail = "ops.oncall@example.net";

    private const string Catalog = """
        - name: "pii_lookup"
          description: "returns a customer record with contact data"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object", required: ["invoice_id"] }
          rate_limit: "100 per minute"
          audit_level: "high"
          handler: "pii_lookup"
        - name: "pii_refuse"
          description: "fails with a message quoting a response body"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "low"
          handler: "pii_refuse"
        - name: "pii_flaky"
          description: "fails transiently once, quoting a response body, then answers"
          permissions: []
          input_schema: { type: "object" }
          output_schema: { type: "object" }
          rate_limit: "100 per minute"
          audit_level: "low"
          handler: "pii_flaky"
        """;

    private static readonly ToolCaller Caller = new("tool-pii-drill", "assistant", []);

    /// <summary>The history events each instance was replayed with.</summary>
    internal HistoryRecorder History { get; } = new(keepText: true);

    protected override void Register(DurableTaskRegistry registry)
    {
        base.Register(registry);
        registry.AddOrchestratorFunc<string, IReadOnlyList<ToolResult>>(Drill, async (context, _) =>
        {
            var tools = new DurableTools(context, Caller, context.InstanceId);
            var empty = new { };
            return
            [
                await tools.CallAsync("pii_lookup", empty),
                await tools.CallAsync("pii_refuse", empty),
                await tools.CallAsync("pii_flaky", empty),
            ];
        });
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        var directory = Path.Combine(DataDirectory, "test-tools");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pii.yaml"), Catalog);
        services.AddSingleton<IToolHandler>(new Handler("pii_lookup", _ => JsonSerializer.SerializeToElement(new
        {
            invoice_id = "INV-2024-0042",
            amount = 129.5,
            customer = new { email = Email, phone = $"mobile {Phone}", cards = new[] { Card } },
        })));
        services.AddSingleton<IToolHandler>(new Handler("pii_refuse", _ => throw new ToolHandlerException($"404 from CRM: {{\"owner\":\"{FailureEmail}\"}}")));
        var attempts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        services.AddSingleton<IToolHandler>(new Handler("pii_flaky", invocation => attempts.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1) == 1
            ? throw new HttpRequestException($"503 Service Unavailable: {{\"on_call\":\"{TransientEmail}\"}}", null, HttpStatusCode.ServiceUnavailable)
            : JsonSerializer.SerializeToElement(new { status = "ok" })));
        services.Replace(ServiceDescriptor.Singleton(sp => ToolRegistry.Load(directory, sp.GetRequiredService<ToolBindings>().HandlerNames)));
        services.ConfigureAll<GrpcDurableTaskWorkerOptions>(o => o.Interceptors.Add(History));
    }

    private sealed class Handler(string name, Func<ToolInvocation, JsonElement> run) : IToolHandler
    {
        public string Name => name;

        public Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => Task.FromResult(run(invocation));
    }
}

/// <summary>Personal data in a tool's output, error or transient failure never reaches the orchestration history.</summary>
public sealed class ToolResultHistoryTests(ToolPiiHostFixture host) : IClassFixture<ToolPiiHostFixture>
{
    [Fact]
    public async Task Tool_outputs_and_failures_enter_the_history_redacted_and_the_run_still_completes()
    {
        var id = "tool-pii-" + Guid.NewGuid().ToString("n");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(ToolPiiHostFixture.Drill, "go", new StartOrchestrationOptions(id));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var history = host.History.HistoryOf(id);
        Assert.Contains("INV-2024-0042", history, StringComparison.Ordinal);
        Assert.Contains("503 Service Unavailable", history, StringComparison.Ordinal); // the transient failure is in history...
        string[] personal = [ToolPiiHostFixture.Email, "555-0132", ToolPiiHostFixture.Card, ToolPiiHostFixture.FailureEmail, ToolPiiHostFixture.TransientEmail];
        Assert.Equal("", string.Join(", ", personal.Where(value => history.Contains(value, StringComparison.Ordinal)))); // ...but none of the personal data

        var results = done.ReadOutputAs<List<ToolResult>>()!;
        var lookup = results[0].Output!.Value;
        Assert.Equal("INV-2024-0042", lookup.GetProperty("invoice_id").GetString());
        Assert.Equal(129.5, lookup.GetProperty("amount").GetDouble());
        Assert.Equal("<EMAIL_ADDRESS>", lookup.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal("mobile <PHONE_NUMBER>", lookup.GetProperty("customer").GetProperty("phone").GetString());
        Assert.Equal("<CREDIT_CARD>", lookup.GetProperty("customer").GetProperty("cards")[0].GetString());
        Assert.Equal(ToolErrorCodes.HandlerFailed, results[1].Error?.Code);
        Assert.Contains("404 from CRM", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.True(results[2].Succeeded, results[2].Error?.Message);
    }
}
