using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.AgentPlane;

public sealed class TableApprovalStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider time = new(ApprovalSamples.Now);

    private TableApprovalStore Store() => new(azurite.Account, time, NullLogger<TableApprovalStore>.Instance);

    private ApprovalDecision Decision(string decision = ApprovalDecisions.Approve, string by = "approver.one@example.com") =>
        new(decision, "Looks right", by, time.GetUtcNow());

    [Fact]
    public async Task Created_approval_is_pending_and_creating_it_again_changes_nothing()
    {
        var store = Store();
        var request = ApprovalSamples.Refund();

        await store.CreateAsync(request);
        await store.CreateAsync(request with { Context = "a different context" });
        var record = await store.GetAsync(request.ApprovalId);

        Assert.NotNull(record);
        Assert.Equal(ApprovalStatuses.Pending, record.Status);
        Assert.True(record.IsPending);
        Assert.Null(record.Decision);
        Assert.Equal(ApprovalTokenService.ActionHash(request), record.ActionHash);
        Assert.Equal(request.Context, record.Request.Context);
        Assert.Equal(request.Approvers, record.Request.Approvers);
        Assert.Equal(request.Action, record.Request.Action);
    }

    [Fact]
    public async Task Approval_can_be_decided_only_once()
    {
        var store = Store();
        var request = ApprovalSamples.Refund();
        await store.CreateAsync(request);
        var hash = ApprovalTokenService.ActionHash(request);

        var first = await store.TryDecideAsync(request.ApprovalId, hash, Decision());
        var second = await store.TryDecideAsync(request.ApprovalId, hash, Decision(ApprovalDecisions.Reject, "someone.else@example.com"));
        var stored = await store.GetAsync(request.ApprovalId);

        Assert.Equal(ApprovalDecideOutcome.Decided, first.Outcome);
        Assert.Equal(ApprovalStatuses.Approved, first.Record?.Status);
        Assert.Equal(ApprovalDecideOutcome.AlreadyDecided, second.Outcome);
        Assert.Equal(ApprovalStatuses.Approved, second.Record?.Status);
        Assert.Equal(ApprovalStatuses.Approved, stored?.Status);
        Assert.Equal(new ApprovalDecision(ApprovalDecisions.Approve, "Looks right", "approver.one@example.com", ApprovalSamples.Now), stored?.Decision);
    }

    [Fact]
    public async Task Five_concurrent_decisions_yield_exactly_one_decided()
    {
        var store = Store();
        var request = ApprovalSamples.Refund();
        await store.CreateAsync(request);
        var hash = ApprovalTokenService.ActionHash(request);
        string[] decisions = [ApprovalDecisions.Approve, ApprovalDecisions.Reject, ApprovalDecisions.RequestInfo, ApprovalDecisions.Approve, ApprovalDecisions.Reject];

        var results = await Task.WhenAll(decisions.Select(d => Task.Run(() => store.TryDecideAsync(request.ApprovalId, hash, Decision(d)))));

        var winner = Assert.Single(results, r => r.Outcome == ApprovalDecideOutcome.Decided);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(ApprovalDecideOutcome.AlreadyDecided, r.Outcome));
        var stored = await store.GetAsync(request.ApprovalId);
        Assert.Equal(winner.Record?.Status, stored?.Status);
        Assert.Equal(winner.Record?.Decision, stored?.Decision);
    }

    [Fact]
    public async Task Decision_for_a_different_action_is_refused_and_leaves_it_pending()
    {
        var store = Store();
        var request = ApprovalSamples.Refund(amount: 250m);
        await store.CreateAsync(request);

        var result = await store.TryDecideAsync(request.ApprovalId, ApprovalTokenService.ActionHash(request with { Action = request.Action with { Amount = 2500m } }), Decision());

        Assert.Equal(ApprovalDecideOutcome.ActionMismatch, result.Outcome);
        Assert.Null(result.Record);
        Assert.Equal(ApprovalStatuses.Pending, (await store.GetAsync(request.ApprovalId))?.Status);
    }

    [Fact]
    public async Task Expired_approval_refuses_decisions_and_closes_as_timed_out_once()
    {
        var store = Store();
        var request = ApprovalSamples.Refund();
        await store.CreateAsync(request);
        var hash = ApprovalTokenService.ActionHash(request);

        time.Advance(TimeSpan.FromHours(24));
        var late = await store.TryDecideAsync(request.ApprovalId, hash, Decision());
        var closed = await store.CloseAsync(request.ApprovalId, ApprovalStatuses.TimedOut);
        var closedAgain = await store.CloseAsync(request.ApprovalId, ApprovalStatuses.TimedOut);
        var afterClose = await store.TryDecideAsync(request.ApprovalId, hash, Decision());
        var stored = await store.GetAsync(request.ApprovalId);

        Assert.Equal(ApprovalDecideOutcome.Expired, late.Outcome);
        Assert.Equal(ApprovalDecideOutcome.Decided, closed.Outcome);
        Assert.Equal(ApprovalStatuses.TimedOut, closed.Record?.Status);
        Assert.Equal(ApprovalDecideOutcome.AlreadyDecided, closedAgain.Outcome);
        Assert.Equal(ApprovalDecideOutcome.AlreadyDecided, afterClose.Outcome);
        Assert.Equal(ApprovalStatuses.TimedOut, stored?.Status);
        Assert.Equal(ApprovalDecisions.TimedOut, stored?.Decision?.Decision);
    }

    [Fact]
    public async Task Close_does_not_override_a_human_decision()
    {
        var store = Store();
        var request = ApprovalSamples.Refund();
        await store.CreateAsync(request);
        await store.TryDecideAsync(request.ApprovalId, ApprovalTokenService.ActionHash(request), Decision(ApprovalDecisions.Reject));

        var closed = await store.CloseAsync(request.ApprovalId, ApprovalStatuses.TimedOut);

        Assert.Equal(ApprovalDecideOutcome.AlreadyDecided, closed.Outcome);
        Assert.Equal(ApprovalDecisions.Reject, closed.Record?.Decision?.Decision);
        Assert.Equal(ApprovalStatuses.Rejected, (await store.GetAsync(request.ApprovalId))?.Status);
    }

    [Theory]
    [InlineData("apr-does-not-exist")]
    [InlineData("bad/id")]
    [InlineData("")]
    public async Task Unknown_approval_is_not_found(string approvalId)
    {
        var store = Store();

        var result = await store.TryDecideAsync(approvalId, "hash", Decision());

        Assert.Equal(ApprovalDecideOutcome.NotFound, result.Outcome);
        Assert.Null(await store.GetAsync(approvalId));
        Assert.Equal(ApprovalDecideOutcome.NotFound, (await store.CloseAsync(approvalId, ApprovalStatuses.TimedOut)).Outcome);
    }

    [Fact]
    public async Task Unknown_decision_value_is_an_argument_error()
    {
        var store = Store();

        await Assert.ThrowsAsync<ArgumentException>(() => store.TryDecideAsync("apr-x", "hash", Decision("maybe")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryDecideAsync("apr-x", "hash", Decision(ApprovalDecisions.TimedOut)));
    }

    [Fact]
    public async Task Long_context_and_evidence_are_stored_truncated_with_a_marker()
    {
        var store = Store();
        var request = ApprovalSamples.Refund(context: new string('x', 100_000)) with { Evidence = new string('é', 40_000) };

        await store.CreateAsync(request);
        var record = await store.GetAsync(request.ApprovalId);

        Assert.NotNull(record);
        Assert.StartsWith(new string('x', TableApprovalStore.MaxTextLength), record.Request.Context, StringComparison.Ordinal);
        Assert.EndsWith("[… truncated: 92000 more characters]", record.Request.Context, StringComparison.Ordinal);
        Assert.Contains("truncated", record.Request.Evidence, StringComparison.Ordinal);
        Assert.Equal(ApprovalTokenService.ActionHash(request), record.ActionHash);
    }
}
