using AiNative.Platform.AgentPlane.Billing;
using AiNative.Testing;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.AgentPlane;

public sealed class TableBillingSystemTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 7, 16, 10, 0, 0, TimeSpan.Zero));

    private async Task<TableBillingSystem> SeededAsync()
    {
        var billing = new TableBillingSystem(azurite.Account, Options.Create(new BillingOptions()), time, NullLogger<TableBillingSystem>.Instance);
        await billing.SeedAsync();
        return billing;
    }

    private static RefundCommand Refund(string key, decimal amount = 250m, string customerId = "C12345", string? ticketId = null, string? currency = null) =>
        new(key, customerId, amount, currency, "service_issue", ticketId ?? "T-" + key, "approver@example.com");

    private static string NewKey() => "run-" + Guid.NewGuid().ToString("N") + ":call-1";

    [Fact]
    public async Task Seed_is_idempotent_and_holds_the_playbook_account()
    {
        var billing = await SeededAsync();

        await billing.SeedAsync();
        var account = await billing.GetAccountAsync("C12345");

        Assert.NotNull(account);
        Assert.Equal("ACME Corp", account.Customer.Name);
        Assert.Equal(499.00m, account.Customer.MonthlyFee);
        Assert.Equal("USD", account.Customer.Currency);
        var incident = Assert.Single(account.Incidents);
        Assert.Equal("INC-789", incident.IncidentId);
        Assert.Equal(new DateOnly(2026, 7, 15), incident.Date);
        Assert.Equal(4, incident.DowntimeHours);
        var customers = azurite.Account.Tables.GetTableClient(TableBillingSystem.CustomersTable).QueryAsync<TableEntity>();
        Assert.Equal(5, await customers.CountAsync());
    }

    [Fact]
    public async Task Account_lists_only_incidents_that_affected_the_customer()
    {
        var billing = await SeededAsync();

        var globex = await billing.GetAccountAsync("C23456");

        Assert.NotNull(globex);
        Assert.Equal(["INC-812", "INC-790"], globex.Incidents.Select(i => i.IncidentId));
    }

    [Fact]
    public async Task FindAccount_prefers_id_then_matches_name_ignoring_case_and_spacing()
    {
        var billing = await SeededAsync();

        var byName = await billing.FindAccountAsync(null, "acme corp");
        var byNameAfterUnknownId = await billing.FindAccountAsync("C99999", "  Globex   CORPORATION ");
        var byId = await billing.FindAccountAsync("C34567", "ACME Corp");
        var none = await billing.FindAccountAsync("bad/id#", "Nobody Ltd");

        Assert.Equal("C12345", byName?.Customer.CustomerId);
        Assert.Equal("C23456", byNameAfterUnknownId?.Customer.CustomerId);
        Assert.Equal("C34567", byId?.Customer.CustomerId);
        Assert.Null(none);
    }

    [Fact]
    public async Task Refund_issued_twice_with_one_key_is_recorded_once()
    {
        var billing = await SeededAsync();
        var key = NewKey();

        var first = await billing.IssueRefundAsync(Refund(key, 250.10m));
        time.Advance(TimeSpan.FromMinutes(5));
        var second = await billing.IssueRefundAsync(Refund(key, 250.10m));

        Assert.Equal(first, second);
        Assert.StartsWith("RF-", first.RefundId, StringComparison.Ordinal);
        Assert.Equal("processed", first.Status);
        Assert.Equal(250.10m, first.Amount);
        Assert.Equal("USD", first.Currency);
        var recorded = (await billing.ListRefundsAsync("C12345")).Where(r => r.TicketId == "T-" + key).ToList();
        Assert.Equal(first, Assert.Single(recorded));
        var account = await billing.GetAccountAsync("C12345");
        Assert.Contains(account!.Refunds, r => r.RefundId == first.RefundId);
    }

    [Fact]
    public async Task Ten_concurrent_refunds_with_one_key_create_one_refund()
    {
        var billing = await SeededAsync();
        var key = NewKey();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => billing.IssueRefundAsync(Refund(key)))));

        Assert.Single(receipts.Select(r => r.RefundId).Distinct());
        Assert.Single(receipts.Select(r => r.Timestamp).Distinct());
        Assert.Single(await billing.ListRefundsAsync(null), r => r.TicketId == "T-" + key);
    }

    [Fact]
    public async Task Different_keys_create_different_refunds()
    {
        var billing = await SeededAsync();
        var ticket = "T-" + Guid.NewGuid().ToString("N");

        var a = await billing.IssueRefundAsync(Refund(NewKey(), 10m, ticketId: ticket));
        var b = await billing.IssueRefundAsync(Refund(NewKey(), 10m, ticketId: ticket));

        Assert.NotEqual(a.RefundId, b.RefundId);
        Assert.Equal(2, (await billing.ListRefundsAsync("C12345")).Count(r => r.TicketId == ticket));
    }

    [Theory]
    [InlineData(0, "C12345", null, "greater than zero")]
    [InlineData(-5, "C12345", null, "greater than zero")]
    [InlineData(5000.01, "C12345", null, "exceeds the maximum")]
    [InlineData(10.005, "C12345", null, "two decimals")]
    [InlineData(10, "C00000", null, "Unknown customer")]
    [InlineData(10, "C45678", "USD", "does not match the account currency EUR")]
    public async Task Invalid_refund_is_refused_and_not_recorded(double amount, string customerId, string? currency, string expected)
    {
        var billing = await SeededAsync();
        var key = NewKey();

        var error = await Assert.ThrowsAsync<BillingException>(() => billing.IssueRefundAsync(Refund(key, (decimal)amount, customerId, currency: currency)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await billing.ListRefundsAsync(null), r => r.TicketId == "T-" + key);
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_amount_is_refused()
    {
        var billing = await SeededAsync();
        var key = NewKey();
        var first = await billing.IssueRefundAsync(Refund(key, 100m));

        var error = await Assert.ThrowsAsync<BillingException>(() => billing.IssueRefundAsync(Refund(key, 120m)));

        Assert.Contains(first.RefundId, error.Message, StringComparison.Ordinal);
        Assert.Single(await billing.ListRefundsAsync("C12345"), r => r.TicketId == "T-" + key && r.Amount == 100m);
    }

    [Fact]
    public async Task Key_with_characters_forbidden_in_table_keys_still_works_once()
    {
        var billing = await SeededAsync();
        var key = "run/" + Guid.NewGuid().ToString("N") + "#call?1";

        var first = await billing.IssueRefundAsync(Refund(key, 5m));
        var second = await billing.IssueRefundAsync(Refund(key, 5m));

        Assert.Equal(first.RefundId, second.RefundId);
        Assert.Single(await billing.ListRefundsAsync("C12345"), r => r.TicketId == "T-" + key);
    }

    [Fact]
    public async Task Ticket_upsert_merges_fields_and_a_repeated_update_changes_nothing()
    {
        var billing = await SeededAsync();
        var ticketId = "TCK-" + Guid.NewGuid().ToString("N")[..8];

        var created = await billing.UpsertTicketAsync(new TicketUpdate(ticketId, "C12345", TicketStatuses.PendingApproval, "Refund for outage"));
        time.Advance(TimeSpan.FromMinutes(1));
        var repeated = await billing.UpsertTicketAsync(new TicketUpdate(ticketId, "C12345", TicketStatuses.PendingApproval, "Refund for outage"));
        time.Advance(TimeSpan.FromMinutes(1));
        var resolved = await billing.UpsertTicketAsync(new TicketUpdate(ticketId, Status: TicketStatuses.Resolved, Resolution: "Refunded 250.00 USD", RefundId: "RF-1"));
        var read = await billing.GetTicketAsync(ticketId);

        Assert.Equal(1, created.Revision);
        Assert.Equal(created, repeated);
        Assert.Equal(2, resolved.Revision);
        Assert.Equal(time.GetUtcNow(), resolved.UpdatedAt);
        Assert.Equal(new TicketRecord(ticketId, "C12345", TicketStatuses.Resolved, "Refund for outage", "Refunded 250.00 USD", "RF-1", time.GetUtcNow(), 2), read);
    }

    [Fact]
    public async Task Ticket_without_status_starts_open_and_unknown_ticket_is_null()
    {
        var billing = await SeededAsync();
        var ticketId = "TCK-" + Guid.NewGuid().ToString("N")[..8];

        var created = await billing.UpsertTicketAsync(new TicketUpdate(ticketId, Summary: "Where is my refund?"));

        Assert.Equal(TicketStatuses.Open, created.Status);
        Assert.Null(created.CustomerId);
        Assert.Null(await billing.GetTicketAsync("TCK-missing"));
        Assert.Null(await billing.GetTicketAsync("bad/id"));
    }

    [Theory]
    [InlineData("TCK-1", "closed")]
    [InlineData("bad/id", "open")]
    [InlineData("", "open")]
    public async Task Ticket_with_invalid_id_or_status_is_refused(string ticketId, string status)
    {
        var billing = await SeededAsync();

        await Assert.ThrowsAsync<BillingException>(() => billing.UpsertTicketAsync(new TicketUpdate(ticketId, Status: status)));
    }
}
