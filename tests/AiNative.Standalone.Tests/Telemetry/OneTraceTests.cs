using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiNative.Platform.Telemetry;
using AiNative.Testing;

namespace AiNative.Standalone.Tests.Telemetry;

/// <summary>One HTTP request that starts a run yields one trace through the real host's Durable Task engine and sidecar.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OneTraceTests(StandaloneTraceFixture host) : IClassFixture<StandaloneTraceFixture>
{
    private const string SeedTicket = "ACME Corp (customer C12345) was down 4 hours in the July 15 outage, incident INC-789; please refund $250";

    [Fact]
    public async Task Http_request_orchestration_activities_and_model_calls_form_one_trace()
    {
        // Act: start a run over HTTP, approve it from the e-mailed link, wait for the orchestration's span.
        using var start = await host.Http.PostAsJsonAsync("/api/agents/billing-resolution/runs", new { input = SeedTicket });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var link = await ApprovalMail.WaitForLinkAsync(host.MailDirectory, $"{id}-approval-1");
        using var approve = await host.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["approver"] = "lead@example.com" }));
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var agent = await Eventually.GetAsync(
            () => Task.FromResult(host.Spans().FirstOrDefault(s => s.DisplayName == "invoke_agent billing-resolution" && Tag(s, PlatformTelemetry.InstanceIdTag) == id)),
            "the orchestration's span", TimeSpan.FromSeconds(120));
        await Eventually.TrueAsync(() => Task.FromResult(host.Spans().Count(s => s.TraceId == agent.TraceId && s.DisplayName == "execute_tool update_ticket") == 2), "the last activity's span");
        var trace = host.Spans().Where(s => s.TraceId == agent.TraceId).ToList();
        var dump = Dump(trace);

        // The root is the HTTP request that started the run; every other span descends from it through recorded parents.
        var root = Assert.Single(trace, s => s.ParentSpanId == default);
        Assert.Equal(ActivityKind.Server, root.Kind);
        Assert.Equal("POST /api/agents/{agent}/runs", root.DisplayName);
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.True(byId.Count == trace.Count, "a span id appears twice:\n" + dump);
        Assert.All(trace.Where(s => s != root), s => Assert.True(byId.ContainsKey(s.ParentSpanId), $"'{s.DisplayName}' hangs off a span the trace does not have:\n{dump}"));
        Assert.True(IsUnder(agent, root, byId), dump);

        // The orchestration span is the agent (GenAI invoke_agent), exported once however often the orchestrator replayed.
        Assert.Equal("invoke_agent", Tag(agent, "gen_ai.operation.name"));
        Assert.Equal("billing-resolution", Tag(agent, "gen_ai.agent.name"));
        Assert.Single(trace, s => s.DisplayName == agent.DisplayName);
        var approval = Assert.Single(trace, s => s.DisplayName == "approval RequestApproval" && s.Kind == ActivityKind.Server);
        Assert.True(IsUnder(approval, agent, byId), dump);

        // Every activity ran once and sits under the agent: model steps, tools, retrieval and the approval's steps.
        var steps = trace.Where(s => s.Source.Name == PlatformTelemetry.Name && Tag(s, "durabletask.type") == "activity").ToList();
        var perStep = steps.GroupBy(s => s.DisplayName).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["agent_step ExtractTicketInfo"] = 1,
                ["retrieval RetrieveKnowledge"] = 1,
                ["execute_tool check_billing_system"] = 1,
                ["agent_step AnalyzeIssue"] = 1,
                ["execute_tool update_ticket"] = 2,
                ["approval PlanApproval"] = 1,
                ["approval RecordApprovalRequest"] = 1,
                ["approval NotifyApprovers"] = 1,
                ["execute_tool refund_customer"] = 1,
            }.OrderBy(p => p.Key, StringComparer.Ordinal),
            perStep.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(steps, s => Assert.True(IsUnder(s, agent, byId), $"'{s.DisplayName}' is not under the agent:\n{dump}"));
        Assert.True(IsUnder(trace.Single(s => s.DisplayName == "approval NotifyApprovers"), approval, byId), dump);

        // Model calls: GenAI chat spans under the agent's steps.
        var chats = trace.Where(s => Tag(s, "gen_ai.operation.name") == "chat").ToList();
        Assert.Equal(2, chats.Count);
        Assert.All(chats, c =>
        {
            Assert.StartsWith("chat ", c.DisplayName, StringComparison.Ordinal);
            Assert.NotNull(Tag(c, "gen_ai.request.model"));
            Assert.NotNull(Tag(c, "gen_ai.provider.name"));
            Assert.True(steps.Any(s => s.DisplayName.StartsWith("agent_step", StringComparison.Ordinal) && IsUnder(c, s, byId)), dump);
        });
        Assert.Contains(trace, s => s.DisplayName == "retrieve knowledge" && IsUnder(s, trace.Single(r => r.DisplayName == "retrieval RetrieveKnowledge"), byId));

        // The run's id (or its approval's, which starts with it) on every span, whichever library started it.
        Assert.All(trace, s => Assert.True(Tag(s, PlatformTelemetry.InstanceIdTag)?.StartsWith(id, StringComparison.Ordinal) == true, $"'{s.DisplayName}' lacks the instance id:\n{dump}"));

        // The local engine's gRPC plumbing is not part of the product's trace.
        Assert.DoesNotContain(host.Spans(), s => s.DisplayName.Contains("TaskHubSidecarService", StringComparison.Ordinal));
    }

    private static bool IsUnder(Activity span, Activity ancestor, Dictionary<ActivitySpanId, Activity> byId)
    {
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task Approval_link_requests_are_traced_with_the_route_not_the_token()
    {
        // The token is a capability (it authorises a decision), shaped like a real one; it need not verify to be leaked.
        const string token = "eyJhcHByb3ZhbElkIjoiYXBwLTEifQ.c2lnbmF0dXJlLW5vdC1yZWFs";
        using var page = await host.Http.GetAsync($"/api/approvals/{token}");

        var span = await Eventually.GetAsync(
            () => Task.FromResult(host.Spans().FirstOrDefault(s => s.Kind == ActivityKind.Server && Tag(s, "http.route")?.EndsWith("approvals/{token}", StringComparison.Ordinal) == true)),
            "the approval link's HTTP span", TimeSpan.FromSeconds(30));
        Assert.Equal("/api/approvals/{token}", Tag(span, "url.path"));
        Assert.DoesNotContain(host.Spans(), s => s.DisplayName.Contains(token, StringComparison.Ordinal)
            || s.TagObjects.Any(t => t.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true));
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private static string Dump(IEnumerable<Activity> spans)
    {
        var text = new StringBuilder();
        foreach (var s in spans.OrderBy(s => s.StartTimeUtc))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{s.SpanId} <- {s.ParentSpanId} [{s.Source.Name}] {s.DisplayName} {Tag(s, PlatformTelemetry.InstanceIdTag)}");
        }

        return text.ToString();
    }
}
