using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.ModelPlane.Registry;
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
        var models = services.GetRequiredService<ModelRegistry>();
        Log.Ready(logger, prompts.All.Count, models.Default.Id, models.All.Count(m => m.Enabled), options.EmbeddingProvider, options.EmbeddingModel);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Model plane ready: {PromptCount} prompts; default model {DefaultModel} of {EnabledModels} enabled; embeddings {EmbeddingProvider}/{EmbeddingModel}")]
        public static partial void Ready(ILogger logger, int promptCount, string defaultModel, int enabledModels, string embeddingProvider, string embeddingModel);
    }
}
