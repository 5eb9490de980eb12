using AiNative.Platform.AgentPlane.Billing;
using AiNative.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Standalone.Tests;

/// <summary>A run waiting for approval survives a SIGKILL of the host: the e-mailed link still works after restart.</summary>
public sealed class DurabilityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Run_waiting_for_approval_survives_sigkill_and_completes_after_restart()
    {
        using var host = new RestartableHost(azurite);
        var http = host.Http;

        string id;
        Uri link;
        using (var first = await host.StartAsync())
        {
            id = await host.StartBillingRunAsync();
            await Eventually.TrueAsync(async () => (await http.GetStringAsync($"/api/runs/{id}")).Contains("awaiting_approval", StringComparison.Ordinal), "the run to wait for approval");
            link = await ApprovalMail.WaitForLinkAsync(host.MailDirectory, $"{id}-approval-1");
            first.Kill();
        }

        using var second = await host.StartAsync();
        using var approve = await http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["approver"] = "lead@example.com" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, approve.StatusCode);
        var done = await host.WaitForRunToFinishAsync(id, TimeSpan.FromMinutes(3));

        var output = done.GetProperty("output");
        Assert.Equal("resolved", output.GetProperty("outcome").GetString());
        await using var services = host.PlatformServices();
        var refunds = (await services.GetRequiredService<IBillingSystem>().ListRefundsAsync("C12345")).Where(r => r.TicketId == id);
        Assert.Single(refunds);
    }
}
