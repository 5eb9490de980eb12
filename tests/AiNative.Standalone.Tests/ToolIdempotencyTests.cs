using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Platform;
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
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));
        var settings = StandaloneFixture.Settings(azurite.ConnectionString, dataDirectory, "k" + Guid.NewGuid().ToString("n")[..12]);
        using var http = new HttpClient { BaseAddress = new Uri(settings["urls"]!) };
        await using var services = new ServiceCollection().AddLogging().AddAiNativePlatform(TestConfiguration.Build(azurite.ConnectionString, dataDirectory)).BuildServiceProvider();
        var billing = services.GetRequiredService<IBillingSystem>();

        string id;
        var drill = new Dictionary<string, string?>(settings)
        {
            ["Tools:DrillDelayAfterExecute"] = "00:05:00",
            ["Tools:DrillTool"] = "refund_customer",
        };
        using (var first = StandaloneProcess.Start(drill))
        {
            await WaitHealthyAsync(http);
            using var start = await http.PostAsJsonAsync("/api/agents/billing-resolution/runs", new { input = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250" });
            id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var link = await ApprovalMail.WaitForLinkAsync(Path.Combine(dataDirectory, "mail"), $"{id}-approval-1");
            using var approve = await http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["approver"] = "lead@example.com" }));
            Assert.Equal(System.Net.HttpStatusCode.OK, approve.StatusCode);

            // The refund is in the billing system; its tool call has not recorded a result yet.
            await Eventually.TrueAsync(async () => (await billing.ListRefundsAsync("C12345")).Any(r => r.TicketId == id), "the refund to be issued", TimeSpan.FromMinutes(2));
            first.Kill();
        }

        using var second = StandaloneProcess.Start(settings);
        await WaitHealthyAsync(http);
        var done = await Eventually.GetAsync(async () =>
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
            return run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" ? (object)run : null;
        }, "the run to complete after the restart", TimeSpan.FromMinutes(5));

        var output = ((JsonElement)done).GetProperty("output");
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

    private static Task WaitHealthyAsync(HttpClient http) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/api/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the Standalone host to answer", TimeSpan.FromMinutes(2));
}
