using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiNative.Standalone.Tests;

/// <summary>The sessions API and the new agents over HTTP on the real Standalone host (Azure Storage engine on Azurite).</summary>
[Collection(StandaloneCollection.Name)]
public sealed class AgentSessionsApiTests(StandaloneFixture host)
{
    [Fact]
    public async Task A_session_answers_each_message_and_keeps_a_redacted_memory()
    {
        using var start = await host.Http.PostAsJsonAsync("/api/sessions", new { input = "I am ops.lead@example.com. Show me the recent error logs of checkout-api" });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var links = await start.Content.ReadFromJsonAsync<JsonElement>();
        var id = links.GetProperty("id").GetString()!;
        Assert.StartsWith("session-", id, StringComparison.Ordinal);
        Assert.EndsWith($"/api/sessions/{id}/messages", links.GetProperty("messagesPostUri").GetString(), StringComparison.Ordinal);

        var first = await host.WaitForJsonAsync($"/api/sessions/{id}", s => Turns(s) >= 1 && Step(s) == "waiting_for_message", "the first turn");
        using var second = await host.Http.PostAsJsonAsync($"/api/sessions/{id}/messages", new { text = "And what is the error rate of checkout-api?" });
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var after = await host.WaitForJsonAsync($"/api/sessions/{id}", s => Turns(s) >= 2 && Step(s) == "waiting_for_message", "the second turn");

        var messages = after.GetProperty("messages").EnumerateArray().ToList();
        var texts = string.Join("\n", messages.Select(m => m.GetProperty("text").GetString()));
        Assert.DoesNotContain("ops.lead@example.com", texts, StringComparison.Ordinal);
        Assert.Contains("OOMKilled", texts, StringComparison.Ordinal);
        Assert.Equal(2, messages.Count(m => m.GetProperty("role").GetString() == "user"));
        Assert.Contains(messages, m => m.GetProperty("tool").GetString() == "query_logs");
        Assert.True(after.GetProperty("memory").GetProperty("messageCount").GetInt32() > first.GetProperty("memory").GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task Session_requests_are_validated()
    {
        using var unknownAgent = await host.Http.PostAsJsonAsync("/api/sessions", new { agent = "billing-resolution" });
        await ApiValidationTests.AssertProblemAsync(unknownAgent, HttpStatusCode.BadRequest, "does not hold conversations");

        using var noSession = await host.Http.PostAsJsonAsync("/api/sessions/session-missing/messages", new { text = "hi" });
        await ApiValidationTests.AssertProblemAsync(noSession, HttpStatusCode.NotFound, "session-missing");

        using var start = await host.Http.PostAsJsonAsync("/api/sessions", new { });
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var noText = await host.Http.PostAsJsonAsync($"/api/sessions/{id}/messages", new { words = "hi" });
        await ApiValidationTests.AssertProblemAsync(noText, HttpStatusCode.BadRequest, "'text' is required");
        using var badCount = await host.Http.GetAsync($"/api/sessions/{id}?messages=lots");
        await ApiValidationTests.AssertProblemAsync(badCount, HttpStatusCode.BadRequest, "messages");

        using var end = await host.Http.PostAsJsonAsync($"/api/sessions/{id}/messages", new { text = "/end" });
        await host.WaitForJsonAsync($"/api/sessions/{id}", s => s.GetProperty("runtimeStatus").GetString() == "Completed", "the session to close");
        using var closed = await host.Http.PostAsJsonAsync($"/api/sessions/{id}/messages", new { text = "still there?" });
        await ApiValidationTests.AssertProblemAsync(closed, HttpStatusCode.Conflict, "closed");
    }

    [Fact]
    public async Task Incident_response_run_starts_over_http_and_waits_for_approval()
    {
        using var start = await host.Http.PostAsJsonAsync("/api/agents/incident-response/runs", new { input = "ALERT: checkout-api error rate above 10%, pods keep restarting" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var run = await host.WaitForRunAsync(id, r => r.GetProperty("customStatus").ValueKind == JsonValueKind.Object
            && r.GetProperty("customStatus").GetProperty("step").GetString() == "awaiting_approval", "the incident run to ask for approval");

        Assert.Equal("IncidentResponse", run.GetProperty("name").GetString());
        Assert.Equal($"{id}-approval-1", run.GetProperty("customStatus").GetProperty("approvalId").GetString());
        using var terminate = await host.Http.PostAsync($"/api/runs/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
    }

    private static int Turns(JsonElement session) => session.GetProperty("turns").GetInt32();

    private static string? Step(JsonElement session) => session.GetProperty("step").GetString();
}
