using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Platform;
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
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ainative-tests", Guid.NewGuid().ToString("n"));
        var settings = StandaloneFixture.Settings(azurite.ConnectionString, dataDirectory, "k" + Guid.NewGuid().ToString("n")[..12]);
        using var http = new HttpClient { BaseAddress = new Uri(settings["urls"]!) };

        string id;
        Uri link;
        using (var first = StandaloneProcess.Start(settings))
        {
            await WaitHealthyAsync(http);
            using var start = await http.PostAsJsonAsync("/api/agents/billing-resolution/runs", new { input = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250" });
            id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await Eventually.TrueAsync(async () => (await http.GetStringAsync($"/api/runs/{id}")).Contains("awaiting_approval", StringComparison.Ordinal), "the run to wait for approval");
            link = await ApprovalMail.WaitForLinkAsync(Path.Combine(dataDirectory, "mail"), $"{id}-approval-1");
            first.Kill();
        }

        using var second = StandaloneProcess.Start(settings);
        await WaitHealthyAsync(http);
        using var approve = await http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["approver"] = "lead@example.com" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, approve.StatusCode);
        var done = await Eventually.GetAsync(async () =>
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
            return run.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" ? (object)run : null;
        }, "the run to complete after the restart", TimeSpan.FromMinutes(3));

        var output = ((JsonElement)done).GetProperty("output");
        Assert.Equal("resolved", output.GetProperty("outcome").GetString());
        await using var services = new ServiceCollection().AddLogging().AddAiNativePlatform(TestConfiguration.Build(azurite.ConnectionString, dataDirectory)).BuildServiceProvider();
        var refunds = (await services.GetRequiredService<IBillingSystem>().ListRefundsAsync("C12345")).Where(r => r.TicketId == id);
        Assert.Single(refunds);
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
