using AiNative.Platform.ModelPlane.Embeddings;
using AiNative.Platform.ModelPlane.Local;
using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.ModelPlane.Providers;
using AiNative.Platform.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane;

/// <summary>Registers the ModelPlane services.</summary>
public static class ModelPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ModelOptions"/> (validated at start), <see cref="PromptRegistry"/>, <see cref="TokenCounter"/>,
    /// the <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> pipelines and <see cref="IModelGateway"/>,
    /// plus a hosted service that loads the prompt catalog when the host starts so a bad file stops start-up.
    /// </summary>
    public static IServiceCollection AddModelPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ModelOptions>()
            .Bind(configuration.GetSection(ModelOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCounter>();
        services.TryAddSingleton(sp => new MiniLmEmbeddingGenerator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => PromptRegistry.LoadFromDirectory(
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory(), "prompts")));

        // Pipelines: the first stage added is the outermost. Routing, circuit breakers and caches slot in as
        // DelegatingChatClient stages between telemetry and the provider client.
        services.AddEmbeddingGenerator(sp => ModelClientFactory.CreateEmbeddingGenerator(
                sp.GetRequiredService<IOptions<ModelOptions>>().Value,
                sp.GetRequiredService<MiniLmEmbeddingGenerator>))
            .UseOpenTelemetry(sourceName: PlatformTelemetry.Name)
            .UseLogging();
        services.AddChatClient(sp => ModelClientFactory.CreateChatClient(
                sp.GetRequiredService<IOptions<ModelOptions>>().Value,
                () => new LocalChatClient(
                    sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
                    sp.GetRequiredService<TokenCounter>(),
                    sp.GetRequiredService<TimeProvider>())))
            .UseOpenTelemetry(sourceName: PlatformTelemetry.Name)
            .UseLogging();
        services.TryAddSingleton<IModelGateway, ModelGateway>();
        services.AddHostedService<ModelPlaneStartupCheck>();
        return services;
    }
}
