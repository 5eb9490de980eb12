using System.Text.Json.Nodes;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.ModelPlane.Embeddings;
using AiNative.Platform.ModelPlane.Local;
using AiNative.Platform.ModelPlane.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Tests.ModelPlane;

/// <summary>AddModelPlane wiring: providers by configuration, start-up validation, and the real OpenAI SDK against a loopback server.</summary>
public sealed class ModelPlaneProviderTests
{
    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        settings.TryAdd("AiNative:CatalogDirectory", ModelPlaneTestSupport.FindCatalog());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<PlatformOptions>().Bind(configuration.GetSection(PlatformOptions.Section));
        services.AddModelPlane(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<Exception> StartHostFailsAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<PlatformOptions>().Bind(builder.Configuration.GetSection(PlatformOptions.Section));
        builder.Services.AddModelPlane(builder.Configuration);
        using var host = builder.Build();
        return await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
    }

    [Fact]
    public async Task Openai_compatible_provider_sends_the_schema_and_the_gateway_parses_the_answer()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = """
            ```json
            {"customer_id":"C2024","customer_name":"Fjord Shipping AS","incident_id":"INC-77","requested_amount":1500,
             "currency":"EUR","downtime_hours":12,"issue_summary":"Portal down for half a day.","issue_type":"service_outage"}
            ```
            """;
        await using var services = BuildServices(new()
        {
            ["Models:Provider"] = "openai-compatible",
            ["Models:Endpoint"] = server.BaseAddress.ToString(),
            ["Models:ApiKey"] = "test-key",
            ["Models:ChatModel"] = "gpt-test",
            ["Models:EmbeddingProvider"] = "openai-compatible",
            ["Models:EmbeddingModel"] = "embed-test",
        });
        var gateway = services.GetRequiredService<IModelGateway>();

        var response = await gateway.CompleteAsync(new ModelRequest("extract-ticket-info", new Dictionary<string, string>
        {
            ["ticket"] = "Fjord Shipping AS (C2024): the portal was down 12 hours (INC-77). We claim €1,500.",
        }));

        var (path, authorization, body) = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("Bearer test-key", authorization);
        Assert.Equal("gpt-test", body["model"]!.GetValue<string>());
        Assert.Equal("json_schema", body["response_format"]!["type"]!.GetValue<string>());
        var schema = body["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal("extract-ticket-info", body["response_format"]!["json_schema"]!["name"]!.GetValue<string>());
        Assert.Equal(8, schema["required"]!.AsArray().Count);
        Assert.Equal(["service_outage", "billing_error", "duplicate_charge", "other"], schema["properties"]!["issue_type"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        // Microsoft.Extensions.AI.OpenAI moves keywords strict mode rejects (pattern, minimum, maxLength) into the
        // description; the gateway still validates them on the answer.
        Assert.Contains("^C\\d+$", schema["properties"]!["customer_id"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, body["temperature"]!.GetValue<double>());
        Assert.Equal(400, body["max_completion_tokens"]?.GetValue<int>() ?? body["max_tokens"]!.GetValue<int>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Contains("Fjord Shipping AS (C2024)", messages[1]!["content"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ainative.", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("C2024", response.Output!.Value.GetProperty("customer_id").GetString());
        Assert.Equal(1500m, response.Output!.Value.GetProperty("requested_amount").GetDecimal());
        Assert.Equal("gpt-test-2025-01-01", response.Model);
        Assert.Equal((321, 54), (response.InputTokens, response.OutputTokens));
    }

    [Fact]
    public async Task Azure_openai_provider_calls_the_deployment_with_the_api_key()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.ChatAnswer = "Deliveries arrive before eight.";
        await using var services = BuildServices(new()
        {
            ["Models:Provider"] = "azure-openai",
            ["Models:Endpoint"] = $"http://{server.BaseAddress.Authority}",
            ["Models:ApiKey"] = "azure-key",
            ["Models:ChatModel"] = "my-gpt4o-deployment",
        });

        var response = await services.GetRequiredService<IModelGateway>().CompleteAsync(new ModelRequest("answer-question", new Dictionary<string, string>
        {
            ["question"] = "When do deliveries arrive?",
            ["context"] = "Deliveries arrive before eight.",
        }));

        var (path, _, _) = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/my-gpt4o-deployment/chat/completions", path);
        Assert.Equal(("?api-version=2024-10-21", "azure-key"), server.RequestDetails[0]);
        Assert.Equal("Deliveries arrive before eight.", response.Text);
        Assert.Null(response.Output);
    }

    [Fact]
    public async Task Openai_compatible_embeddings_go_through_the_configured_endpoint()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        await using var services = BuildServices(new()
        {
            ["Models:Provider"] = "openai-compatible",
            ["Models:Endpoint"] = server.BaseAddress.ToString(),
            ["Models:ChatModel"] = "gpt-test",
            ["Models:EmbeddingProvider"] = "openai-compatible",
            ["Models:EmbeddingModel"] = "embed-test",
        });
        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await generator.GenerateAsync(["alpha", "be"]);

        var (path, authorization, body) = Assert.Single(server.Requests);
        Assert.Equal("/v1/embeddings", path);
        Assert.Equal("Bearer no-key", authorization);
        Assert.Equal("embed-test", body["model"]!.GetValue<string>());
        Assert.Equal([5f, 0f, 0.5f, -1f], embeddings[0].Vector.ToArray());
        Assert.Equal([2f, 1f, 0.5f, -1f], embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task Remote_chat_keeps_local_minilm_embeddings_when_embedding_provider_is_local()
    {
        await using var services = BuildServices(new()
        {
            ["Models:Provider"] = "openai-compatible",
            ["Models:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Models:ChatModel"] = "gpt-test",
        });

        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var chat = services.GetRequiredService<IChatClient>();

        Assert.NotNull(generator.GetService<MiniLmEmbeddingGenerator>());
        Assert.Null(chat.GetService<LocalChatClient>());
        Assert.Equal(384, (await generator.GenerateAsync(["offline"]))[0].Vector.Length);
    }

    [Fact]
    public async Task Local_provider_is_the_default_and_answers_through_the_gateway()
    {
        await using var services = BuildServices([]);

        var chat = services.GetRequiredService<IChatClient>();
        var response = await services.GetRequiredService<IModelGateway>().CompleteAsync(new ModelRequest("answer-question", new Dictionary<string, string>
        {
            ["question"] = "When is the warehouse closed?",
            ["context"] = "The warehouse is closed on public holidays. Deliveries arrive each morning before eight.",
        }));

        Assert.NotNull(chat.GetService<LocalChatClient>());
        Assert.Equal("The warehouse is closed on public holidays.", response.Text);
        Assert.Equal(LocalChatClient.ModelId, response.Model);
    }

    [Fact]
    public async Task Host_start_fails_naming_models_endpoint_when_a_remote_provider_has_none()
    {
        var error = await StartHostFailsAsync(new() { ["Models:Provider"] = "azure-openai", ["Models:ChatModel"] = "gpt-4o" });

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Models__Endpoint is required", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_start_fails_on_an_unknown_provider()
    {
        var error = await StartHostFailsAsync(new() { ["Models:Provider"] = "llamacpp" });

        Assert.Contains("Models__Provider 'llamacpp' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_start_fails_on_an_invalid_prompt_file()
    {
        var catalog = Directory.CreateTempSubdirectory("catalog-");
        try
        {
            Directory.CreateDirectory(Path.Combine(catalog.FullName, "prompts"));
            await File.WriteAllTextAsync(Path.Combine(catalog.FullName, "prompts", "oops.yaml"), "id: oops\nuser: hi\n");

            var error = await StartHostFailsAsync(new() { ["AiNative:CatalogDirectory"] = catalog.FullName });

            var catalogError = Assert.IsType<PromptCatalogException>(error);
            Assert.Contains("oops.yaml: version: missing (required)", catalogError.Errors);
        }
        finally
        {
            catalog.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("openai-compatible", "http://127.0.0.1:1/v1", "gpt-x", "azure-openai", "m", "must be 'local' or the same as Models__Provider")]
    [InlineData("openai-compatible", "not a url", "gpt-x", "local", "all-MiniLM-L6-v2", "Models__Endpoint 'not a url' is not an absolute")]
    [InlineData("openai-compatible", "http://127.0.0.1:1/v1", "local-extractive", "local", "all-MiniLM-L6-v2", "Models__ChatModel must name")]
    [InlineData("openai-compatible", "http://127.0.0.1:1/v1", "gpt-x", "openai-compatible", "all-MiniLM-L6-v2", "Models__EmbeddingModel must name")]
    public void Validator_names_the_setting_to_fix(string provider, string endpoint, string chatModel, string embeddingProvider, string embeddingModel, string expected)
    {
        var result = new ModelOptionsValidator().Validate(null, new ModelOptions
        {
            Provider = provider,
            Endpoint = endpoint,
            ChatModel = chatModel,
            EmbeddingProvider = embeddingProvider,
            EmbeddingModel = embeddingModel,
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_accepts_azure_settings_and_rejects_unknown_api_versions()
    {
        var options = new ModelOptions { Provider = "azure-openai", Endpoint = "https://example.openai.azure.com", ChatModel = "gpt-4o", AzureApiVersion = "2025-01-01-preview" };

        var accepted = new ModelOptionsValidator().Validate(null, options);
        options.AzureApiVersion = "2019-01-01";
        var rejected = new ModelOptionsValidator().Validate(null, options);

        Assert.True(accepted.Succeeded);
        Assert.Contains(rejected.Failures!, f => f.Contains("Models__AzureApiVersion '2019-01-01'", StringComparison.Ordinal) && f.Contains("2024-10-21", StringComparison.Ordinal));
    }
}
