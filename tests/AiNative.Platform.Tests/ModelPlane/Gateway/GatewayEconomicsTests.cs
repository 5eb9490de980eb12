using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Gateway;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>Tenant rate limits and token budgets, across fallbacks, against the loopback model server.</summary>
public sealed class GatewayEconomicsTests
{
    private static ChatOptions For(string tenant) => new() { AdditionalProperties = new() { [ModelGateway.TenantProperty] = tenant } };

    [Fact]
    public async Task Token_budget_counts_every_call_including_fallbacks_and_resets_next_period()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Script("primary", ServerBehaviour.Filtered());
        await using var host = GatewayTestHost.Start(server, settings: new()
        {
            ["Gateway:CacheEnabled"] = "false",
            ["Gateway:Tenants:acme:TokenBudget"] = "750",
            ["Gateway:BudgetPeriod"] = "1.00:00:00",
        });
        var budgets = host.Services.GetRequiredService<TokenBudgets>();

        var first = await host.Chat.GetResponseAsync("first question", For("acme"));
        var usedAfterFallback = budgets.Used("acme");
        await host.Chat.GetResponseAsync("second question", For("acme"));
        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => host.Chat.GetResponseAsync("third question", For("acme")));
        var otherTenant = await host.Chat.GetResponseAsync("third question", For("globex"));
        host.Time.Advance(TimeSpan.FromDays(1));
        var nextDay = await host.Chat.GetResponseAsync("third question", For("acme"));

        Assert.Equal("secondary", Assert.IsType<AiNative.Platform.ModelPlane.Routing.RoutingDecision>(first.AdditionalProperties![GatewayProperties.Decision]).Model);
        Assert.Equal(375, usedAfterFallback);
        Assert.Equal("budget", refused.Quota);
        Assert.Equal(TimeSpan.FromHours(16), refused.RetryAfter);
        Assert.NotNull(otherTenant.Text);
        Assert.NotNull(nextDay.Text);
        Assert.Equal(4, server.CallsTo("primary"));
        Assert.Equal(1, server.CallsTo("secondary-deployment"));
    }

    [Fact]
    public async Task Requests_per_minute_refuse_with_a_retry_after()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        await using var host = GatewayTestHost.Start(server, settings: new()
        {
            ["Gateway:CacheEnabled"] = "false",
            ["Gateway:Tenants:acme:RequestsPerMinute"] = "2",
        });

        await host.Chat.GetResponseAsync("a", For("acme"));
        await host.Chat.GetResponseAsync("b", For("acme"));
        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => host.Chat.GetResponseAsync("c", For("acme")));

        Assert.Equal("requests", refused.Quota);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal(2, server.CallsTo("primary"));
    }

    [Fact]
    public async Task Model_rpm_limit_sends_the_overflow_to_the_fallback()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var yaml = GatewayTestHost.TwoModels.Replace("    api_key_setting: PRIMARY_KEY", "    api_key_setting: PRIMARY_KEY\n    rpm: 1", StringComparison.Ordinal);
        await using var host = GatewayTestHost.Start(server, yaml, new() { ["Gateway:CacheEnabled"] = "false" });

        var first = await host.Chat.GetResponseAsync("a");
        var second = await host.Chat.GetResponseAsync("b");

        Assert.Equal("primary", ((AiNative.Platform.ModelPlane.Routing.RoutingDecision)first.AdditionalProperties![GatewayProperties.Decision]!).Model);
        Assert.Equal(["primary: over its rpm/tpm limit"], ((AiNative.Platform.ModelPlane.Routing.RoutingDecision)second.AdditionalProperties![GatewayProperties.Decision]!).Tried);
        Assert.Equal(1, server.CallsTo("primary"));
    }
}
