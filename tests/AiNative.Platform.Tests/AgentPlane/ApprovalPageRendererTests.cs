using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.AgentPlane;

public sealed class ApprovalPageRendererTests
{
    private readonly FakeTimeProvider time = new(ApprovalSamples.Now);

    private static ApprovalRecord Pending(ApprovalRequest request) =>
        new(request, ApprovalStatuses.Pending, null, ApprovalTokenService.ActionHash(request));

    [Fact]
    public void Pending_request_shows_the_playbook_fields_and_a_three_button_form()
    {
        var html = new ApprovalPageRenderer(time).RenderRequest(Pending(ApprovalSamples.Refund()), "/api/approvals/tok.en");

        Assert.Contains("Process refund of $250", html, StringComparison.Ordinal);
        Assert.Contains("ACME Corp (customer_id: C12345)", html, StringComparison.Ordinal);
        Assert.Contains("Service outage on July 15th", html, StringComparison.Ordinal);
        Assert.Contains("Customer experienced 4 hours of downtime", html, StringComparison.Ordinal);
        Assert.Contains("Incident #INC-789 confirms the outage", html, StringComparison.Ordinal);
        Assert.Contains("2026-07-17 09:00 UTC", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/api/approvals/tok.en\">", html, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"comment\" name=\"comment\"", html, StringComparison.Ordinal);
        foreach (var decision in ApprovalDecisions.Human)
        {
            Assert.Contains($"name=\"decision\" value=\"{decision}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_in_request_fields_and_form_action_is_encoded()
    {
        var request = ApprovalSamples.Refund(context: "<script>alert('x')</script>") with
        {
            Evidence = "\"><img src=x onerror=alert(1)>",
        };

        var html = new ApprovalPageRenderer(time).RenderRequest(Pending(request), "/api/approvals/x\"><script>bad()</script>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Decided_request_shows_its_status_and_no_form()
    {
        var request = ApprovalSamples.Refund();
        var record = Pending(request) with
        {
            Status = ApprovalStatuses.Rejected,
            Decision = new ApprovalDecision(ApprovalDecisions.Reject, "Amount too high <b>", "lead@example.com", ApprovalSamples.Now),
        };

        var html = new ApprovalPageRenderer(time).RenderRequest(record, "/api/approvals/t");

        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Contains("<strong>rejected</strong>", html, StringComparison.Ordinal);
        Assert.Contains("Amount too high &lt;b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_pending_request_shows_no_form()
    {
        var request = ApprovalSamples.Refund();
        time.Advance(TimeSpan.FromDays(2));

        var html = new ApprovalPageRenderer(time).RenderRequest(Pending(request), "/api/approvals/t");

        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Contains("expired", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Outcome_page_encodes_title_and_message()
    {
        var html = new ApprovalPageRenderer(time).RenderOutcome("Link <expired>", "Ask for a new one & retry", 410);

        Assert.Contains("<h1>Link &lt;expired&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Ask for a new one &amp; retry", html, StringComparison.Ordinal);
        Assert.Contains("410", html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
    }
}
