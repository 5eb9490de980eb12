using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.Governance.Pii;
using AiNative.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.AgentPlane;

public sealed class ApprovalLinkServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider time = new(ApprovalSamples.Now);

    private (ApprovalLinkService Links, TableApprovalStore Store, ApprovalTokenService Tokens) Create()
    {
        var store = new TableApprovalStore(azurite.Account, time, NullLogger<TableApprovalStore>.Instance);
        var tokens = ApprovalSamples.Tokens(time);
        return (new ApprovalLinkService(tokens, store, new ApprovalPageRenderer(time), time, ApprovalSamples.Pseudonyms, new RegexPiiRedactor(), ApprovalSamples.Directory), store, tokens);
    }

    private async Task<(ApprovalLinkService Links, TableApprovalStore Store, ApprovalRequest Request, string Token)> PendingAsync()
    {
        var (links, store, tokens) = Create();
        var request = ApprovalSamples.Refund();
        await store.CreateAsync(request);
        return (links, store, request, tokens.Issue(request));
    }

    [Fact]
    public async Task Showing_the_page_never_changes_state()
    {
        var (links, store, request, token) = await PendingAsync();

        var first = await links.ShowAsync(token, "/api/approvals/" + token);
        var second = await links.ShowAsync(token, "/api/approvals/" + token);

        Assert.Equal(200, first.StatusCode);
        Assert.Contains("<form method=\"post\"", first.Html, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Null(first.Decided);
        Assert.Equal(ApprovalStatuses.Pending, (await store.GetAsync(request.ApprovalId))?.Status);
    }

    [Fact]
    public async Task Posting_a_decision_decides_once_and_returns_the_event_to_raise()
    {
        var (links, store, request, token) = await PendingAsync();

        var decided = await links.DecideAsync(token, "Approve", "  ok  ", "approver.one@example.com");
        var again = await links.DecideAsync(token, ApprovalDecisions.Reject, null, "approver.two@example.com");
        var page = await links.ShowAsync(token, "/api/approvals/" + token);

        Assert.Equal(200, decided.StatusCode);
        Assert.Equal(new ApprovalDecided(request.InstanceId, request.ApprovalId, new ApprovalDecision(ApprovalDecisions.Approve, "ok", ApprovalSamples.P("approver.one@example.com"), ApprovalSamples.Now)), decided.Decided);
        Assert.Equal(409, again.StatusCode);
        Assert.Null(again.Decided);
        Assert.Equal(ApprovalStatuses.Approved, (await store.GetAsync(request.ApprovalId))?.Status);
        Assert.DoesNotContain("<form", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bound_link_names_the_approver_on_the_page_and_decides_as_them()
    {
        var (links, store, tokens) = Create();
        var request = ApprovalSamples.Refund();
        await store.CreateAsync(request);
        var token = tokens.Issue(request, "approver.two@example.com");

        var page = await links.ShowAsync(token, "/api/approvals/" + token);
        var decided = await links.DecideAsync(token, ApprovalDecisions.Approve, null, "forged@example.com");

        Assert.Contains("Deciding as <strong>approver.two@example.com</strong>", page.Html, StringComparison.Ordinal);
        Assert.Equal(ApprovalSamples.P("approver.two@example.com"), decided.Decided?.Decision.DecidedBy);
    }

    [Fact]
    public async Task Bound_link_of_an_approver_no_longer_configured_shows_no_pseudonym_and_still_decides()
    {
        var (links, store, tokens) = Create();
        // As the orchestration stores it: approvers by pseudonym; this one is not in any configured group.
        var request = ApprovalSamples.Refund(approvers: [ApprovalSamples.P("approver.one@example.com")]);
        await store.CreateAsync(request);
        var token = tokens.Issue(request, "approver.one@example.com");

        var page = await links.ShowAsync(token, "/api/approvals/" + token);
        var decided = await links.DecideAsync(token, ApprovalDecisions.Approve, null, null);

        Assert.Contains("Deciding as <strong>the approver this link was sent to</strong>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("PRINCIPAL", page.Html, StringComparison.Ordinal);
        Assert.Equal(ApprovalSamples.P("approver.one@example.com"), decided.Decided?.Decision.DecidedBy);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bound_link_of_someone_not_asked_or_of_the_requester_is_refused(bool clearSubject)
    {
        var (links, store, tokens) = Create();
        var request = ApprovalSamples.Refund() with { RequestedBy = "requester@example.com" };
        await store.CreateAsync(request);
        string Token(string who) => clearSubject ? ApprovalSamples.ClearSubjectToken(request, who) : tokens.Issue(request, who);

        var stranger = await links.DecideAsync(Token("stranger@example.com"), ApprovalDecisions.Approve, null, null);
        var shownToRequester = await links.ShowAsync(Token("Requester@example.com"), "/x");
        var requester = await links.DecideAsync(Token("requester@example.com"), ApprovalDecisions.Approve, null, null);

        Assert.Equal(403, stranger.StatusCode);
        Assert.Equal(403, shownToRequester.StatusCode);
        Assert.Equal(403, requester.StatusCode);
        Assert.Equal(ApprovalStatuses.Pending, (await store.GetAsync(request.ApprovalId))?.Status);
    }

    [Fact]
    public async Task Link_issued_with_a_clear_approver_before_the_upgrade_still_decides()
    {
        var (links, store, _) = Create();
        var request = ApprovalSamples.Refund();
        await store.CreateAsync(request);
        var token = ApprovalSamples.ClearSubjectToken(request, "approver.one@example.com");

        var page = await links.ShowAsync(token, "/api/approvals/" + token);
        var decided = await links.DecideAsync(token, ApprovalDecisions.Reject, "Not covered", "forged@example.com");

        Assert.Equal(200, page.StatusCode);
        Assert.Contains("Deciding as <strong>approver.one@example.com</strong>", page.Html, StringComparison.Ordinal);
        Assert.Equal(200, decided.StatusCode);
        Assert.Equal(new ApprovalDecision(ApprovalDecisions.Reject, "Not covered", ApprovalSamples.P("approver.one@example.com"), ApprovalSamples.Now), decided.Decided?.Decision);
        Assert.Equal(ApprovalStatuses.Rejected, (await store.GetAsync(request.ApprovalId))?.Status);
    }

    [Theory]
    [InlineData("maybe", "c", "me@example.com")]
    [InlineData(null, "c", "me@example.com")]
    [InlineData("approve", "c", " ")]
    [InlineData("request-info", " ", "me@example.com")]
    public async Task Incomplete_post_is_refused_and_leaves_the_link_usable(string? decision, string? comment, string? decidedBy)
    {
        var (links, store, request, token) = await PendingAsync();

        var refused = await links.DecideAsync(token, decision, comment, decidedBy);
        var accepted = await links.DecideAsync(token, ApprovalDecisions.RequestInfo, "Which invoice?", "me@example.com");

        Assert.Equal(400, refused.StatusCode);
        Assert.Null(refused.Decided);
        Assert.Equal(200, accepted.StatusCode);
        Assert.Equal(ApprovalStatuses.InfoRequested, (await store.GetAsync(request.ApprovalId))?.Status);
    }

    [Fact]
    public async Task Expired_link_is_gone_for_both_show_and_decide()
    {
        var (links, store, request, token) = await PendingAsync();
        time.Advance(TimeSpan.FromDays(1));

        var shown = await links.ShowAsync(token, "/x");
        var posted = await links.DecideAsync(token, ApprovalDecisions.Approve, null, "me@example.com");

        Assert.Equal(410, shown.StatusCode);
        Assert.Equal(410, posted.StatusCode);
        Assert.Equal(ApprovalStatuses.Pending, (await store.GetAsync(request.ApprovalId))?.Status);
    }

    [Fact]
    public async Task Forged_unknown_or_mismatched_links_are_invalid()
    {
        var (links, store, tokens) = Create();
        var stored = ApprovalSamples.Refund(amount: 250m);
        await store.CreateAsync(stored);
        var otherAction = tokens.Issue(stored with { Action = stored.Action with { Amount = 2500m } });
        var unknown = tokens.Issue(ApprovalSamples.Refund());

        var pages = new[]
        {
            await links.ShowAsync("not-a-token", "/x"),
            await links.ShowAsync(otherAction, "/x"),
            await links.ShowAsync(unknown, "/x"),
            await links.DecideAsync(otherAction, ApprovalDecisions.Approve, null, "me@example.com"),
            await links.DecideAsync(unknown, ApprovalDecisions.Approve, null, "me@example.com"),
            await links.DecideAsync(ApprovalSamples.Tokens(time, "a-different-signing-key-of-32-bytes-or-more").Issue(stored), ApprovalDecisions.Approve, null, "me@example.com"),
        };

        Assert.All(pages, p => Assert.Equal(404, p.StatusCode));
        Assert.All(pages, p => Assert.Null(p.Decided));
        Assert.Equal(ApprovalStatuses.Pending, (await store.GetAsync(stored.ApprovalId))?.Status);
    }
}
