using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Routing;
using AiNative.Platform.Storage;
using AiNative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>Exact-match response and embedding caches: L1 in memory, L2 in Azure Table storage (Azurite).</summary>
public sealed class GatewayCacheTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private Dictionary<string, string?> Persistent() => new()
    {
        ["Gateway:CachePersistent"] = "true",
        [StorageAccount.ConnectionSetting] = azurite.ConnectionString,
    };

    private static ChatOptions Options(string promptVersion = "1.0.0") => new()
    {
        Temperature = 0,
        AdditionalProperties = new() { [ModelGateway.PromptIdProperty] = "p", [ModelGateway.PromptVersionProperty] = promptVersion, [ModelGateway.TenantProperty] = "acme" },
    };

    [Fact]
    public async Task Same_request_is_answered_from_memory_and_a_new_prompt_version_misses()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "cached answer";
        await using var host = GatewayTestHost.Start(server);

        var first = await host.Chat.GetResponseAsync("What is the refund window?", Options());
        var second = await host.Chat.GetResponseAsync("  What is the refund window?  ", Options());
        var newVersion = await host.Chat.GetResponseAsync("What is the refund window?", Options("1.1.0"));

        Assert.Equal("cached answer", second.Text);
        Assert.Equal(true, second.AdditionalProperties![GatewayProperties.Cached]);
        Assert.Equal(0m, second.AdditionalProperties[GatewayProperties.Cost]);
        Assert.Equal("primary", ((RoutingDecision)second.AdditionalProperties[GatewayProperties.Decision]!).Model);
        Assert.False(first.AdditionalProperties!.ContainsKey(GatewayProperties.Cached));
        Assert.Equal("cached answer", newVersion.Text);
        Assert.Equal(2, server.CallsTo("primary"));
    }

    [Fact]
    public async Task Persistent_cache_answers_a_second_instance_from_table_storage()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "shared answer " + Guid.NewGuid();
        await using (var first = GatewayTestHost.Start(server, settings: Persistent()))
        {
            await first.Chat.GetResponseAsync("shared question " + server.ChatAnswer, Options());
        }

        await using var second = GatewayTestHost.Start(server, settings: Persistent());
        var response = await second.Chat.GetResponseAsync("shared question " + server.ChatAnswer, Options());

        Assert.Equal(server.ChatAnswer, response.Text);
        Assert.Equal(true, response.AdditionalProperties![GatewayProperties.Cached]);
        Assert.Equal(1, server.CallsTo("primary"));
    }

    [Fact]
    public async Task Errors_are_never_cached()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "recovered";
        server.Script("primary", ServerBehaviour.TooManyRequests("600"));
        server.Script("secondary-deployment", ServerBehaviour.TooManyRequests("600"));
        await using var host = GatewayTestHost.Start(server);

        await Assert.ThrowsAsync<ModelUnavailableException>(() => host.Chat.GetResponseAsync("q", Options()));
        var retry = await host.Chat.GetResponseAsync("q", Options());

        Assert.Equal("recovered", retry.Text);
        Assert.Equal(2, server.CallsTo("primary"));
    }

    [Fact]
    public async Task Complete_streams_are_cached_and_partial_streams_are_not()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "alpha beta gamma delta";
        await using var host = GatewayTestHost.Start(server);

        await foreach (var _ in host.Chat.GetStreamingResponseAsync("partial", Options()))
        {
            break;
        }

        await foreach (var _ in host.Chat.GetStreamingResponseAsync("partial", Options()))
        {
        }

        var replay = new List<ChatResponseUpdate>();
        await foreach (var update in host.Chat.GetStreamingResponseAsync("partial", Options()))
        {
            replay.Add(update);
        }

        Assert.Equal(2, server.CallsTo("primary"));
        Assert.Equal("alpha beta gamma delta", string.Concat(replay.Select(u => u.Text)));
        Assert.Contains(replay, u => u.AdditionalProperties?.ContainsKey(GatewayProperties.Cached) == true);
    }

    [Fact]
    public async Task Remote_embeddings_are_cached_per_text()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        await using var host = GatewayTestHost.Start(server, settings: new()
        {
            ["Models:Provider"] = "openai-compatible",
            ["Models:Endpoint"] = server.BaseAddress.ToString(),
            ["Models:ApiKey"] = "k",
            ["Models:ChatModel"] = "primary",
            ["Models:EmbeddingProvider"] = "openai-compatible",
            ["Models:EmbeddingModel"] = "embed-test",
        });
        var embeddings = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var first = await embeddings.GenerateAsync(["alpha", "beta"]);
        var second = await embeddings.GenerateAsync(["beta", "gamma!"]);

        var sent = server.Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)).Select(r => r.Body["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList()).ToList();
        Assert.Equal([["alpha", "beta"], ["gamma!"]], sent);
        Assert.Equal(first[1].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(6f, second[1].Vector.Span[0]);
    }
}
