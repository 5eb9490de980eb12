using AiNative.Platform.AgentPlane;
using AiNative.Platform.DataPlane;
using AiNative.Platform.Evals;
using AiNative.Platform.Governance;
using AiNative.Platform.ModelPlane;
using AiNative.Platform.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform;

/// <summary>Registers every plane of the platform; the hosts (Functions, Standalone, CLI, tests) call this once.</summary>
public static class PlatformServiceCollectionExtensions
{
    public static IServiceCollection AddAiNativePlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAiNativePlatformCore(configuration);
        services.AddModelPlane(configuration);
        services.AddDataPlane(configuration);
        services.AddAgentPlane(configuration);
        services.AddEvals(configuration);
        services.AddGovernance();
        return services;
    }

    /// <summary>What every plane needs: platform options, the clock, and the storage account (resolved on first use only).</summary>
    public static IServiceCollection AddAiNativePlatformCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformOptions>()
            .Bind(configuration.GetSection(PlatformOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ =>
        {
            try
            {
                return StorageAccount.Create(StorageConnection.FromConfiguration(configuration));
            }
            catch (InvalidOperationException e)
            {
                throw new OptionsValidationException(StorageAccount.ConnectionSetting, typeof(StorageAccount), [e.Message]);
            }
        });
        return services;
    }
}
