using AiNative.Platform.DataPlane;
using AiNative.Platform.DataPlane.Chunking;
using AiNative.Platform.DataPlane.Ingestion;
using AiNative.Platform.DataPlane.Knowledge;
using AiNative.Platform.Governance.Pii;
using AiNative.Platform.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Tests.DataPlane;

public sealed class DataPlaneServiceCollectionExtensionsTests
{
    [Fact]
    public void Resolves_every_service_from_configuration()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ainative-di-" + Guid.NewGuid().ToString("N"));
        using var provider = Build(new Dictionary<string, string?>
        {
            ["AiNative:DataDirectory"] = dataDirectory,
            ["Ingestion:ChunkSize"] = "500",
            ["Ingestion:ChunkOverlap"] = "50",
            ["Ingestion:ChunkingStrategy"] = "FixedSize",
        });

        var store = Assert.IsType<SqliteKnowledgeStore>(provider.GetRequiredService<IKnowledgeStore>());

        Assert.IsType<RegexPiiRedactor>(provider.GetRequiredService<IPiiRedactor>());
        Assert.Equal("fixed/500/50", provider.GetRequiredService<TextChunker>().Id);
        Assert.Equal(Path.Combine(dataDirectory, "knowledge", "knowledge.db"), store.DatabasePath);
        Assert.NotNull(provider.GetRequiredService<KnowledgeRetriever>());
        Assert.IsType<DocumentIngestion>(provider.GetRequiredService<IDocumentIngestion>());
        Assert.Equal(64, provider.GetRequiredService<IOptions<IngestionOptions>>().Value.BatchSize);
    }

    [Fact]
    public void Selects_the_azure_ai_search_store_when_configured()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Knowledge:Store"] = "AzureAISearch",
            ["Knowledge:SearchEndpoint"] = "https://srch-test.search.windows.net",
            ["Knowledge:SearchIndexName"] = "kb",
            ["Knowledge:SearchApiKeySetting"] = "SEARCH_ADMIN_KEY",
            ["SEARCH_ADMIN_KEY"] = "not-a-real-key",
        });

        var store = Assert.IsType<AzureSearchKnowledgeStore>(provider.GetRequiredService<IKnowledgeStore>());
        Assert.Equal("kb", store.IndexName);
    }

    [Theory]
    [InlineData("Ingestion:ChunkOverlap", "600", "ChunkOverlap")]
    [InlineData("Ingestion:ChunkSize", "5", "ChunkSize")]
    [InlineData("Knowledge:Store", "AzureAISearch", "SearchEndpoint")]
    [InlineData("Ingestion:BatchSize", "0", "BatchSize")]
    [InlineData("Knowledge:MinQualityScore", "2", "MinQualityScore")]
    public void Fails_naming_the_setting_when_options_are_invalid(string key, string value, string setting)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = provider.GetRequiredService<IOptions<IngestionOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        });

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<PlatformOptions>().Bind(configuration.GetSection(PlatformOptions.Section));
        services.AddSingleton(new StorageAccount("UseDevelopmentStorage=true"));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbeddingGenerator());
        services.AddDataPlane(configuration);
        return services.BuildServiceProvider();
    }
}
