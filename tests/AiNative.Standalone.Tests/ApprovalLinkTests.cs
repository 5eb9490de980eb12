using System.Net;
using System.Net.Http.Json;
using AiNative.Platform.AgentPlane.Approvals;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Standalone.Tests;

/// <summary>Approval links are signed, bound to one action, expire and work once; everything else is refused.</summary>
[Collection(StandaloneCollection.Name)]
public sealed class ApprovalLinkTests(StandaloneFixture host)
{
    [Fact]
    public async Task Tampered_token_is_refused_without_changing_anything()
    {
        var (request, token) = await CreatePendingAsync(TimeSpan.FromHours(1));
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");

        using var page = await host.Http.GetAsync($"/api/approvals/{tampered}");
        using var post = await host.Http.PostAsync($"/api/approvals/{tampered}", Form("approve"));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(ApprovalStatuses.Pending, (await Store.GetAsync(request.ApprovalId))!.Status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b")]
    [InlineData("....")]
    public async Task Malformed_tokens_get_a_clear_refusal(string token)
    {
        using var page = await host.Http.GetAsync($"/api/approvals/{token}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("not valid", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Expired_token_is_410()
    {
        var (_, token) = await CreatePendingAsync(TimeSpan.FromSeconds(-5));

        using var page = await host.Http.GetAsync($"/api/approvals/{token}");
        using var post = await host.Http.PostAsJsonAsync($"/api/approvals/{token}", new { decision = "approve", approver = "lead@example.com" });

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
    }

    [Fact]
    public async Task Token_works_once()
    {
        var (request, token) = await CreatePendingAsync(TimeSpan.FromHours(1));

        using var first = await host.Http.PostAsJsonAsync($"/api/approvals/{token}", new { decision = "reject", comment = "no", approver = "lead@example.com" });
        using var second = await host.Http.PostAsJsonAsync($"/api/approvals/{token}", new { decision = "approve", approver = "lead@example.com" });
        using var page = await host.Http.GetAsync($"/api/approvals/{token}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<form", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ApprovalStatuses.Rejected, (await Store.GetAsync(request.ApprovalId))!.Status);
    }

    [Fact]
    public async Task Unknown_decision_is_400()
    {
        var (_, token) = await CreatePendingAsync(TimeSpan.FromHours(1));

        using var post = await host.Http.PostAsJsonAsync($"/api/approvals/{token}", new { decision = "maybe", approver = "lead@example.com" });

        await ApiValidationTests.AssertProblemAsync(post, HttpStatusCode.BadRequest, "one of the buttons");
    }

    [Fact]
    public async Task Token_for_a_changed_action_is_refused()
    {
        var (request, _) = await CreatePendingAsync(TimeSpan.FromHours(1));
        var other = request with { Action = request.Action with { Amount = 9999m } };
        var forged = Tokens.Issue(other);

        using var post = await host.Http.PostAsJsonAsync($"/api/approvals/{forged}", new { decision = "approve", approver = "lead@example.com" });

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(ApprovalStatuses.Pending, (await Store.GetAsync(request.ApprovalId))!.Status);
    }

    private IApprovalStore Store => host.Host.App.Services.GetRequiredService<IApprovalStore>();

    private ApprovalTokenService Tokens => host.Host.App.Services.GetRequiredService<ApprovalTokenService>();

    private async Task<(ApprovalRequest Request, string Token)> CreatePendingAsync(TimeSpan expiresIn)
    {
        var id = $"test-{Guid.NewGuid():N}";
        var request = new ApprovalRequest(
            id, id, "run-test", "billing-resolution",
            new ApprovalAction("refund", "Process refund of $42.00", "C12345", "ACME Corp", 42m, "USD"),
            "test", "context", "evidence", ["approvers@example.com"], DateTimeOffset.UtcNow.Add(expiresIn), 1, "test");
        await Store.CreateAsync(request);
        return (request, Tokens.Issue(request));
    }

    private static FormUrlEncodedContent Form(string decision) => new(new Dictionary<string, string> { ["decision"] = decision, ["approver"] = "lead@example.com" });
}
