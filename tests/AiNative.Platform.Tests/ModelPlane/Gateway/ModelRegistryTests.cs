using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Registry;
using Microsoft.Extensions.Configuration;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

public sealed class ModelRegistryTests
{
    private const string Valid = """
        default: a
        models:
          - id: a
            provider: local
            capabilities: [chat]
            context_window: 1000
            token_cost: { input: 0, output: 0 }
            fallbacks: [b]
          - id: b
            provider: openai-compatible
            capabilities: [chat, json_schema]
            context_window: 2000
            token_cost: { input: 0.001, output: 0.002 }
            endpoint: http://127.0.0.1:1/v1
            api_key_setting: B_KEY
        """;

    private static ModelRegistry Load(string yaml, Dictionary<string, string?>? settings = null, ModelOptions? options = null)
    {
        var catalog = GatewayTestHost.WriteCatalog(yaml);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new()).Build();
        return ModelRegistry.Load(Path.Combine(catalog, "models.yaml"), configuration, options ?? new ModelOptions());
    }

    private static IReadOnlyList<string> Errors(string yaml, Dictionary<string, string?>? settings = null) =>
        Assert.Throws<ModelCatalogException>(() => Load(yaml, settings)).Errors;

    [Fact]
    public void Shipped_catalog_loads_offline_with_the_local_model_as_default()
    {
        var configuration = new ConfigurationBuilder().Build();

        var registry = ModelRegistry.Load(Path.Combine(ModelPlaneTestSupport.FindCatalog(), "models.yaml"), configuration, new ModelOptions());

        Assert.Equal("local-extractive", registry.Default.Id);
        Assert.Contains(registry.All, m => m.Id == "gpt-4o" && !m.Enabled && m.Fallbacks.SequenceEqual(["local-extractive"]));
        Assert.Equal(0.0000025m, registry.Get("gpt-4o").TokenCost.Input);
    }

    [Fact]
    public void Reads_the_seed_schema_and_the_deployment_fields()
    {
        var registry = Load(Valid, new() { ["B_KEY"] = "secret" });

        var b = registry.Get("b");
        Assert.Equal("a", registry.Default.Id);
        Assert.Equal(["chat", "json_schema"], b.Capabilities.Order());
        Assert.Equal(2000, b.ContextWindow);
        Assert.Equal(new TokenCost(0.001m, 0.002m), b.TokenCost);
        Assert.Equal("secret", b.ApiKey);
        Assert.Equal(ModelAuth.ApiKey, b.Auth);
        Assert.Equal(0.001m * 100 + 0.002m * 10, b.Cost(100, 10));
    }

    [Fact]
    public void Unknown_capability_names_file_line_and_field()
    {
        var errors = Errors(Valid.Replace("capabilities: [chat, json_schema]", "capabilities: [chat, telepathy]", StringComparison.Ordinal), new() { ["B_KEY"] = "k" });

        Assert.Contains(errors, e => e.StartsWith("models.yaml (line 11): models[b].capabilities: unknown capability 'telepathy'", StringComparison.Ordinal));
    }

    [Fact]
    public void Fallback_to_a_missing_id_fails()
    {
        var errors = Errors(Valid.Replace("fallbacks: [b]", "fallbacks: [b, nowhere]", StringComparison.Ordinal), new() { ["B_KEY"] = "k" });

        Assert.Contains("models.yaml (line 3): models[a].fallbacks: 'nowhere' is not a model id in models.yaml", errors);
    }

    [Fact]
    public void Cycle_in_fallbacks_fails_with_the_cycle()
    {
        var yaml = Valid.Replace("api_key_setting: B_KEY", "api_key_setting: B_KEY\n    fallbacks: [a]", StringComparison.Ordinal);

        var errors = Errors(yaml, new() { ["B_KEY"] = "k" });

        Assert.Contains("models.yaml (line 3): models[a].fallbacks: cycle a -> b -> a", errors);
    }

    [Fact]
    public void Missing_secret_setting_of_an_enabled_model_fails_naming_the_setting()
    {
        var errors = Errors(Valid);

        Assert.Contains(errors, e => e.StartsWith("models.yaml (line 15): models[b].api_key_setting: setting 'B_KEY' is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Disabled_model_needs_no_secret_until_enabled_by_setting()
    {
        var yaml = Valid.Replace("api_key_setting: B_KEY", "api_key_setting: B_KEY\n    enabled: false", StringComparison.Ordinal);

        var registry = Load(yaml);
        var enabled = Assert.Throws<ModelCatalogException>(() => Load(yaml, options: new ModelOptions { EnabledModels = "b" }));

        Assert.False(registry.Get("b").Enabled);
        Assert.Contains(enabled.Errors, e => e.Contains("setting 'B_KEY' is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Models_provider_settings_define_the_default_model()
    {
        var options = new ModelOptions { Provider = ModelProviders.OpenAICompatible, Endpoint = "http://127.0.0.1:9/v1", ApiKey = "k", ChatModel = "my-model" };

        var registry = Load(Valid.Replace("api_key_setting: B_KEY", "api_key_setting: B_KEY\n    enabled: false", StringComparison.Ordinal), options: options);

        Assert.Equal("my-model", registry.Default.Id);
        Assert.Equal("http://127.0.0.1:9/v1", registry.Default.Endpoint);
        Assert.True(registry.TryGet("a", out _));
    }

    [Fact]
    public void Models_provider_settings_point_an_existing_entry_at_the_configured_endpoint()
    {
        var options = new ModelOptions { Provider = ModelProviders.OpenAICompatible, Endpoint = "http://127.0.0.1:9/v1", ApiKey = "k", ChatModel = "b" };

        var registry = Load(Valid, options: options);

        Assert.Equal("b", registry.Default.Id);
        Assert.Equal(0.001m, registry.Default.TokenCost.Input);
        Assert.Equal("k", registry.Default.ApiKey);
    }
}
