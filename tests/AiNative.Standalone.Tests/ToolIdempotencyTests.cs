using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.AgentPlane.Tools;
using AiNative.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Standalone.Tests;

/// <summary>
/// Exactly-once across a hard kill: the host is SIGKILLed after the refund tool acted and before its result was
/// recorded (a failure drill holds that window open); after restart the durable engine runs the call again under the
/// same idempotency key, and the customer is refunded once.
/// </summary>
public sealed class ToolIdempotencyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Host_killed_between_refund_and_its_recorded_result_refunds_once()
    {
        using var host = new RestartableHost(azurite);
        var http = host.Http;
        await using var services = host.PlatformServices();
        var billing = services.GetRequiredService<IBillingSystem>();

        string id;
        var drill = new Dictionary<string, string?>(host.Settings)
        {
            ["Tools:DrillDelayAfterExecute"] = "00:05:00",
            ["Tools:DrillTool"] = "refund_customer",
        };
        using (var first = await host.StartAsync(drill))
        {
            id = await host.StartBillingRunAsync();
            var link = await ApprovalMail.WaitForLinkAsync(host.MailDirectory, $"{id}-approval-1");
            using var approve = await http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["approver"] = "lead@example.com" }));
            Assert.Equal(System.Net.HttpStatusCode.OK, approve.StatusCode);

            // The refund is in the billing system; its tool call has not recorded a result yet.
            await Eventually.TrueAsync(async () => (await billing.ListRefundsAsync("C12345")).Any(r => r.TicketId == id), "the refund to be issued", TimeSpan.FromMinutes(2));
            first.Kill();
        }

        using var second = await host.StartAsync();
        var done = await host.WaitForRunToFinishAsync(id, TimeSpan.FromMinutes(5));

        var output = done.GetProperty("output");
        Assert.Equal("resolved", output.GetProperty("outcome").GetString());
        var refund = Assert.Single(await billing.ListRefundsAsync("C12345"), r => r.TicketId == id);
        Assert.Equal(refund.RefundId, output.GetProperty("refundId").GetString());

        // The audit trail shows the refund requested twice (before and after the kill) and one recorded result.
        var audit = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/audit");
        var refundEntries = audit.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("tool").GetString() == "refund_customer").ToList();
        Assert.Equal(2, refundEntries.Count(e => e.GetProperty("phase").GetString() == ToolAuditPhases.Request));
        var result = Assert.Single(refundEntries, e => e.GetProperty("phase").GetString() == ToolAuditPhases.Result);
        Assert.Equal("ok", result.GetProperty("status").GetString());
        Assert.Contains(refund.RefundId, result.GetProperty("output").GetString(), StringComparison.Ordinal);
    }
}
