using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Economics;
using AiNative.Platform.ModelPlane.Gateway;
using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

/// <summary>Embeddings routed through the registry like chat: default and requested models, fallback, budgets, cost.</summary>
public sealed class GatewayEmbeddingTests
{
    private const string EmbeddingModels = """
        default: chat
        models:
          - id: chat
            provider: local
            capabilities: [chat]
            context_window: 8000
            token_cost: { input: 0, output: 0 }
          - id: embed-primary
            provider: openai-compatible
            capabilities: [embeddings]
            dimensions: 4
            token_cost: { input: 0.001, output: 0 }
            fallbacks: [embed-secondary]
            endpoint: {BASE}
            api_key_setting: PRIMARY_KEY
          - id: embed-secondary
            provider: azure-openai
            deployment: embed-deployment
            capabilities: [embeddings]
            dimensions: 4
            token_cost: { input: 0.002, output: 0 }
            endpoint: {ROOT}
            api_key_setting: AZURE_KEY
          - id: all-MiniLM-L6-v2
            provider: local
            capabilities: [embeddings]
            dimensions: 384
            token_cost: { input: 0, output: 0 }
        """;

    private static EmbeddingGenerationOptions For(string tenant, string? model = null) =>
        new() { ModelId = model, AdditionalProperties = new() { [ModelGateway.TenantProperty] = tenant } };

    private static GatewayTestHost Start(OpenAICompatibleServer server, Dictionary<string, string?>? settings = null) =>
        GatewayTestHost.Start(server, EmbeddingModels, new(settings ?? []) { ["Models:EmbeddingModel"] = "embed-primary" });

    [Fact]
    public async Task Default_embedding_model_falls_back_to_its_same_dimension_fallback_and_prices_the_call()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Script("embed-primary", ServerBehaviour.ServerError());
        await using var host = Start(server, new() { ["Gateway:CacheEnabled"] = "false" });
        var embeddings = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var generated = await embeddings.GenerateAsync(["alpha", "beta"], For("acme"));

        var decision = Assert.IsType<RoutingDecision>(generated.AdditionalProperties![GatewayProperties.Decision]);
        Assert.Equal("embed-secondary", decision.Model);
        Assert.Equal("embed-primary: server error (5xx)", Assert.Single(decision.Tried));
        Assert.Equal(0.014m, generated.AdditionalProperties[GatewayProperties.Cost]); // 7 tokens reported by the server
        Assert.Equal([5f, 0f, 0.5f, -1f], generated[0].Vector.ToArray());
        Assert.Equal(1, server.CallsTo("embed-primary"));
        Assert.Equal(1, server.CallsTo("embed-deployment"));
    }

    [Fact]
    public async Task A_requested_registry_model_is_used_and_an_unknown_one_is_refused()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        await using var host = Start(server);
        var embeddings = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var local = await embeddings.GenerateAsync(["offline text"], For("acme", "all-MiniLM-L6-v2"));
        var unknown = await Assert.ThrowsAsync<NoQualifyingModelException>(() => embeddings.GenerateAsync(["x"], For("acme", "no-such-model")));
        var chatModel = await Assert.ThrowsAsync<NoQualifyingModelException>(() => embeddings.GenerateAsync(["x"], For("acme", "chat")));

        Assert.Equal(384, local[0].Vector.Length);
        Assert.Equal("all-MiniLM-L6-v2", Assert.IsType<RoutingDecision>(local.AdditionalProperties![GatewayProperties.Decision]).Model);
        Assert.Contains("not in the registry", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("not an embeddings model", chatModel.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.CallsTo("embed-primary"));
    }

    [Fact]
    public async Task Embedding_tokens_count_against_the_tenant_budget_and_cache_hits_are_free()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        await using var host = Start(server, new() { ["Gateway:Tenants:acme:TokenBudget"] = "14" });
        var embeddings = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var budgets = host.Services.GetRequiredService<TokenBudgets>();

        await embeddings.GenerateAsync(["alpha"], For("acme"));
        var hit = await embeddings.GenerateAsync(["alpha"], For("acme"));
        var usedAfterHit = budgets.Used("acme");
        await embeddings.GenerateAsync(["beta"], For("acme"));
        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => embeddings.GenerateAsync(["gamma"], For("acme")));

        Assert.Equal(7, usedAfterHit);
        Assert.Equal(0m, hit.AdditionalProperties![GatewayProperties.Cost]);
        Assert.Equal("budget", refused.Quota);
        Assert.Equal(2, server.CallsTo("embed-primary"));
    }

    [Fact]
    public void An_embedding_fallback_with_other_dimensions_stops_start_up()
    {
        var catalog = GatewayTestHost.WriteCatalog(EmbeddingModels.Replace("fallbacks: [embed-secondary]", "fallbacks: [all-MiniLM-L6-v2]", StringComparison.Ordinal).Replace("{BASE}", "http://127.0.0.1:9/v1", StringComparison.Ordinal).Replace("{ROOT}", "http://127.0.0.1:9", StringComparison.Ordinal));
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PRIMARY_KEY"] = "k", ["AZURE_KEY"] = "k" }).Build();

        var error = Assert.Throws<ModelCatalogException>(() => { _ = ModelRegistry.Load(Path.Combine(catalog, "models.yaml"), settings, new ModelOptions()); });

        Assert.Contains("models.yaml (line 8): models[embed-primary].fallbacks: 'all-MiniLM-L6-v2' must be an embeddings model with the same dimensions (4)", error.Message, StringComparison.Ordinal);
    }
}
