using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Caching;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.Storage;
using AiNative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>Event-driven invalidation of the response cache: prompt and model generations, shared through L2 (Azurite).</summary>
public sealed class CacheInvalidationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static ChatOptions Options(string promptId = "p") => new()
    {
        Temperature = 0,
        AdditionalProperties = new() { [ModelGateway.PromptIdProperty] = promptId, [ModelGateway.PromptVersionProperty] = "1.0.0", [ModelGateway.TenantProperty] = "acme" },
    };

    private Dictionary<string, string?> Persistent() => new()
    {
        ["Gateway:CachePersistent"] = "true",
        [StorageAccount.ConnectionSetting] = azurite.ConnectionString,
    };

    [Fact]
    public async Task Invalidating_the_answering_model_or_the_prompt_makes_cached_answers_miss()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "answer";
        await using var host = GatewayTestHost.Start(server);
        var generations = host.Services.GetRequiredService<CacheGenerations>();
        var events = new List<CacheInvalidation>();
        generations.Invalidated += events.Add;

        await host.Chat.GetResponseAsync("question", Options());
        var hit = await host.Chat.GetResponseAsync("question", Options());
        await generations.InvalidateAsync(CacheGenerations.ModelScope("primary"), "deployment upgraded");
        var afterModel = await host.Chat.GetResponseAsync("question", Options());
        var hitAgain = await host.Chat.GetResponseAsync("question", Options());
        await generations.InvalidateAsync(CacheGenerations.PromptScope("p"), "prompt edited");
        var afterPrompt = await host.Chat.GetResponseAsync("question", Options());
        var otherPrompt = await host.Chat.GetResponseAsync("question", Options("q"));

        Assert.True(hit.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.False(afterModel.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.True(hitAgain.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.False(afterPrompt.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.False(otherPrompt.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.Equal(4, server.CallsTo("primary"));
        Assert.Equal([("model:primary", 1L), ("prompt:p", 1L)], events.Select(e => (e.Scope, e.Generation)));
    }

    [Fact]
    public async Task An_invalidation_on_one_instance_reaches_another_through_the_shared_store()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "shared";
        var question = "shared question " + Guid.NewGuid();
        await using var first = GatewayTestHost.Start(server, settings: Persistent());
        await using var second = GatewayTestHost.Start(server, settings: Persistent());
        var seen = new List<CacheInvalidation>();
        second.Services.GetRequiredService<CacheGenerations>().Invalidated += seen.Add;

        await first.Chat.GetResponseAsync(question, Options());
        var fromL2 = await second.Chat.GetResponseAsync(question, Options());
        await first.Services.GetRequiredService<CacheGenerations>().InvalidateAsync(CacheGenerations.ModelScope("primary"), "deployment upgraded");
        second.Time.Advance(TimeSpan.FromSeconds(11));
        var afterInvalidation = await second.Chat.GetResponseAsync(question, Options());

        Assert.True(fromL2.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.False(afterInvalidation.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.Equal(2, server.CallsTo("primary"));
        Assert.Contains(seen, e => e.Scope == "model:primary" && e.Reason == "invalidated by another instance");
    }

    [Fact]
    public async Task A_changed_fingerprint_at_start_up_bumps_the_generation_once()
    {
        var scope = CacheGenerations.PromptScope("prompt-" + Guid.NewGuid().ToString("n"));
        CacheGenerations Instance() => new(
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions()),
            new FakeTimeProvider(),
            new GatewayMetrics(() => []),
            NullLogger<CacheGenerations>.Instance,
            new StorageAccount(azurite.ConnectionString));

        var deployed = Instance();
        await deployed.SyncFingerprintsAsync(new Dictionary<string, string> { [scope] = "v1-hash" });
        var restartedUnchanged = Instance();
        await restartedUnchanged.SyncFingerprintsAsync(new Dictionary<string, string> { [scope] = "v1-hash" });
        var redeployed = Instance();
        var events = new List<CacheInvalidation>();
        redeployed.Invalidated += events.Add;
        await redeployed.SyncFingerprintsAsync(new Dictionary<string, string> { [scope] = "v2-hash" });

        Assert.Equal(0, deployed.Current(scope));
        Assert.Equal(0, restartedUnchanged.Current(scope));
        Assert.Equal(1, redeployed.Current(scope));
        Assert.Equal("changed since the last start", Assert.Single(events).Reason);
    }
}
