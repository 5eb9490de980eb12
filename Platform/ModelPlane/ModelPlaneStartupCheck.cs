using System.Security.Cryptography;
using System.Text;
using AiNative.Platform.ModelPlane.Caching;
using AiNative.Platform.ModelPlane.Prompts;
using AiNative.Platform.ModelPlane.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.ModelPlane;

/// <summary>Loads the prompt catalog and model settings when the host starts, so invalid files or settings stop start-up with a clear message.</summary>
/// <remarks>
/// Hosts without a generic host (the CLI) get the same checks on first use of <see cref="PromptRegistry"/>. It also compares
/// every prompt and model with the fingerprints recorded by earlier starts (in the background, so storage never delays
/// start-up) and invalidates the cached answers of those that changed.
/// </remarks>
public sealed partial class ModelPlaneStartupCheck(IServiceProvider services, ILogger<ModelPlaneStartupCheck> logger) : IHostedService
{
    private Task? sync;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        var prompts = services.GetRequiredService<PromptRegistry>();
        var models = services.GetRequiredService<ModelRegistry>();
        Log.Ready(logger, prompts.All.Count, models.Default.Id, models.All.Count(m => m.Enabled), models.DefaultEmbedding?.Id ?? "none", options.EmbeddingProvider);
        var fingerprints = Fingerprints(prompts, models);
        var generations = services.GetRequiredService<CacheGenerations>();
        sync = Task.Run(() => generations.SyncFingerprintsAsync(fingerprints, CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (sync is not null)
        {
            await sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A hash per prompt (its file) and per registry entry (every field but the secret), keyed by cache scope.</summary>
    public static Dictionary<string, string> Fingerprints(PromptRegistry prompts, ModelRegistry models)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(models);
        static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prompt in prompts.All)
        {
            fingerprints[CacheGenerations.PromptScope(prompt.Id)] = Hash(prompt.Version + "|" + (File.Exists(prompt.SourceFile) ? File.ReadAllText(prompt.SourceFile) : ""));
        }

        foreach (var m in models.All)
        {
            fingerprints[CacheGenerations.ModelScope(m.Id)] = Hash(string.Join("|",
                m.Provider, m.Endpoint, m.ProviderModel, m.Enabled, m.Dimensions, m.ContextWindow, m.TokenCost, m.Auth, m.ApiKeySetting, string.Join(",", m.Capabilities.Order(StringComparer.Ordinal))));
        }

        return fingerprints;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Model plane ready: {PromptCount} prompts; default model {DefaultModel} of {EnabledModels} enabled; embeddings {EmbeddingModel} ({EmbeddingProvider})")]
        public static partial void Ready(ILogger logger, int promptCount, string defaultModel, int enabledModels, string embeddingModel, string embeddingProvider);
    }
}
