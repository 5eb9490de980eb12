using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.Storage;
using AiNative.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>Token budgets shared by scaled-out instances through the Azure Table ledger (Azurite), with ETag-conditional updates.</summary>
public sealed class SharedTokenBudgetTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    private TokenBudgets Instance(string tenant, long budget) => new(
        Options.Create(new GatewayOptions
        {
            Tenants = { [tenant] = new TenantOptions { TokenBudget = budget } },
            BudgetSyncInterval = TimeSpan.FromSeconds(5),
        }),
        time,
        new TokenBudgetLedger(new StorageAccount(azurite.ConnectionString)));

    [Fact]
    public async Task Concurrent_charges_from_two_instances_all_land_in_one_total()
    {
        var tenant = "acme-" + Guid.NewGuid().ToString("n");
        var first = Instance(tenant, 1_000_000);
        var second = Instance(tenant, 1_000_000);

        // 2 instances x 15 concurrent charges of 5 tokens: every ETag conflict must be retried, none lost.
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? first : second).ChargeAsync(tenant, 5).AsTask()));
        var ledger = new TokenBudgetLedger(new StorageAccount(azurite.ConnectionString));

        var total = await ledger.ReadAsync(tenant, TokenBudgetLedger.PeriodKey(TimeSpan.FromDays(1), (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.FromDays(1).Ticks), CancellationToken.None);
        Assert.Equal(150, total);
    }

    [Fact]
    public async Task An_instance_refuses_once_another_instance_spent_the_shared_budget()
    {
        var tenant = "globex-" + Guid.NewGuid().ToString("n");
        var first = Instance(tenant, 100);
        var second = Instance(tenant, 100);
        await second.EnsureAvailableAsync(tenant, 10);

        await first.ChargeAsync(tenant, 95);
        var beforeSync = second.Used(tenant);
        time.Advance(TimeSpan.FromSeconds(6));
        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => second.EnsureAvailableAsync(tenant, 10).AsTask());

        Assert.Equal(0, beforeSync);
        Assert.Equal(95, second.Used(tenant));
        Assert.Equal("budget", refused.Quota);
        Assert.Contains("95 of 100 tokens used", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_ledger_the_budget_is_per_instance()
    {
        var options = Options.Create(new GatewayOptions { Tenants = { ["acme"] = new TenantOptions { TokenBudget = 100 } } });
        var first = new TokenBudgets(options, time);
        var second = new TokenBudgets(options, time);

        await first.ChargeAsync("acme", 95);
        time.Advance(TimeSpan.FromMinutes(1));

        await second.EnsureAvailableAsync("acme", 10);
        await Assert.ThrowsAsync<QuotaExceededException>(() => first.EnsureAvailableAsync("acme", 10).AsTask());
        Assert.False(first.Shared);
    }
}
