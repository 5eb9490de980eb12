using AiNative.Platform.ModelPlane.Prompts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane;

/// <summary>Loads the prompt catalog and model settings when the host starts, so invalid files or settings stop start-up with a clear message.</summary>
/// <remarks>Hosts without a generic host (the CLI) get the same checks on first use of <see cref="PromptRegistry"/>.</remarks>
public sealed partial class ModelPlaneStartupCheck(IServiceProvider services, ILogger<ModelPlaneStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        var prompts = services.GetRequiredService<PromptRegistry>();
        Log.Ready(logger, prompts.All.Count, options.Provider, options.ChatModel, options.EmbeddingProvider, options.EmbeddingModel);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Model plane ready: {PromptCount} prompts; chat {Provider}/{ChatModel}; embeddings {EmbeddingProvider}/{EmbeddingModel}")]
        public static partial void Ready(ILogger logger, int promptCount, string provider, string chatModel, string embeddingProvider, string embeddingModel);
    }
}
