using AiNative.Orchestrations.Tools;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Platform.AgentPlane.Tools.Handlers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Orchestrations.Tests.Tools;

/// <summary>The durable host plus a drill orchestration: two refunds, then a failing step, then the saga.</summary>
public sealed class CompensationHostFixture : DurableHostFixture
{
    public const string Drill = "CompensationDrill";

    public static readonly ToolCaller Caller = new("saga-drill@example.com", "billing-resolution", ["billing.*", "tickets.write"]);

    protected override void Register(DurableTaskRegistry registry)
    {
        base.Register(registry);
        registry.AddOrchestratorFunc<string, IReadOnlyList<ToolResult>>(Drill, async (context, customer) =>
        {
            var tools = new DurableTools(context, Caller, context.InstanceId);
            await tools.CallAsync<RefundReceipt>(BillingTools.RefundCustomer, new RefundCustomerHandler.RefundArguments(customer, 10m, "goodwill", "USD", context.InstanceId, "drill"));
            await tools.CallAsync<RefundReceipt>(BillingTools.RefundCustomer, new RefundCustomerHandler.RefundArguments(customer, 20m, "service_issue", "USD", context.InstanceId, "drill"));
            try
            {
                // An invalid status: the wrapper refuses it (invalid_input) and the run cannot finish.
                await tools.CallAsync<TicketRecord>(BillingTools.UpdateTicket, new { ticket_id = context.InstanceId, status = "teleported" });
                return [];
            }
            catch (ToolCallFailedException)
            {
                return await tools.CompensateAsync();
            }
        });
    }
}

/// <summary>Compensation runs the undo tools newest first, through the same wrapper, and the audit trail shows it.</summary>
public sealed class CompensationTests(CompensationHostFixture host) : IClassFixture<CompensationHostFixture>
{
    /// <summary>Two refunds, the refused ticket update, then the undo calls newest first.</summary>
    private static readonly string[] ExpectedOrder =
        ["refund_customer:", "refund_customer:", "update_ticket:", "reverse_refund:refund_customer#1", "reverse_refund:refund_customer#0"];

    [Fact]
    public async Task A_failed_run_reverses_its_refunds_in_reverse_order_and_the_audit_shows_it()
    {
        var id = "saga-" + Guid.NewGuid().ToString("n");
        await host.Services.GetRequiredService<IBillingSystem>().SeedAsync();

        await host.Client.ScheduleNewOrchestrationInstanceAsync(CompensationHostFixture.Drill, "C12345", new StartOrchestrationOptions(id));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var undone = done.ReadOutputAs<List<ToolResult>>()!;
        Assert.All(undone, r => Assert.True(r.Succeeded, r.Error?.Message));
        var refunds = (await host.Services.GetRequiredService<IBillingSystem>().ListRefundsAsync("C12345")).Where(r => r.TicketId == id).ToList();
        Assert.Equal(2, refunds.Count);
        Assert.All(refunds, r => Assert.Equal("reversed", r.Status));

        var trail = (await host.Services.GetRequiredService<ToolAuditLog>().ListAsync(id, default)).Where(e => e.Phase == ToolAuditPhases.Result).ToList();
        Assert.Equal(ExpectedOrder, trail.Select(e => $"{e.Tool}:{e.Compensates}").ToArray());
        Assert.Equal(ToolErrorCodes.InvalidInput, trail[2].ErrorCode);
        Assert.Equal($"{id}:undo:1", trail[3].IdempotencyKey);
        var secondRefundOutput = trail[1].Output!;
        Assert.Contains(refunds.Single(r => r.Amount == 20m).RefundId, secondRefundOutput, StringComparison.Ordinal);
    }
}
