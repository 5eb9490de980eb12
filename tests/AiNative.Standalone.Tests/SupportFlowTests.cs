using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiNative.Platform.AgentPlane.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Standalone.Tests;

/// <summary>The support team's flow end to end over HTTP: start a run, approve from the e-mailed link, one refund.</summary>
[Collection(StandaloneCollection.Name)]
public sealed class SupportFlowTests(StandaloneFixture host)
{
    private const string SeedTicket = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250";

    [Fact]
    public async Task Health_reports_ok_with_storage_reachable()
    {
        using var response = await host.Http.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Run_waits_for_approval_and_the_emailed_link_approves_it_once()
    {
        using var start = await host.Http.PostAsJsonAsync("/api/agents/billing-resolution/runs", new { input = SeedTicket });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var links = await start.Content.ReadFromJsonAsync<JsonElement>();
        var id = links.GetProperty("id").GetString()!;
        Assert.EndsWith($"/api/runs/{id}", start.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/terminate", links.GetProperty("terminatePostUri").GetString(), StringComparison.Ordinal);

        await host.WaitForRunAsync(id, r => Step(r) == "awaiting_approval", "the run to wait for approval");
        var link = await ApprovalMail.WaitForLinkAsync(host.MailDirectory, $"{id}-approval-1");

        // Mail scanners prefetch links: GETs show the request and change nothing.
        for (var i = 0; i < 2; i++)
        {
            using var page = await host.Http.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Process refund of $250.00", html, StringComparison.Ordinal);
            Assert.Contains("ACME Corp", html, StringComparison.Ordinal);
            Assert.Contains("INC-789", html, StringComparison.Ordinal);
        }

        Assert.Equal("awaiting_approval", Step(await GetRunAsync(id)));

        using var approve = await host.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["comment"] = "outage confirmed", ["approver"] = "lead@example.com" }));
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        using var again = await host.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["approver"] = "lead@example.com" }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var done = await host.WaitForRunAsync(id, r => r.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", "the run to complete");
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal("resolved", done.GetProperty("output").GetProperty("outcome").GetString());
        var billing = host.Host.App.Services.GetRequiredService<IBillingSystem>();
        var refunds = (await billing.ListRefundsAsync("C12345")).Where(r => r.TicketId == id).ToList();
        Assert.Single(refunds);
        Assert.Equal(250m, refunds[0].Amount);
    }

    [Fact]
    public async Task Terminate_stops_a_waiting_run_and_a_second_terminate_conflicts()
    {
        using var start = await host.Http.PostAsJsonAsync("/api/agents/billing-resolution/runs", new { input = SeedTicket });
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await host.WaitForRunAsync(id, r => Step(r) == "awaiting_approval", "the run to wait for approval");

        using var terminate = await host.Http.PostAsync($"/api/runs/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        await host.WaitForRunAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Terminated", "the run to be terminated");
        using var second = await host.Http.PostAsync($"/api/runs/{id}/terminate", null);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    private async Task<JsonElement> GetRunAsync(string id) => await host.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");

    private static string? Step(JsonElement run) =>
        run.TryGetProperty("customStatus", out var status) && status.ValueKind == JsonValueKind.Object && status.TryGetProperty("step", out var step) ? step.GetString() : null;
}
