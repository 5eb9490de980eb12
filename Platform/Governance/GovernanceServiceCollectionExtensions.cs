using AiNative.Platform.Governance.Injection;
using AiNative.Platform.Governance.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Governance;

/// <summary>Registers the guardrail policies (<c>catalog/policies</c>), validated when the host starts.</summary>
public static class GovernanceServiceCollectionExtensions
{
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => PolicyRegistry.LoadFromDirectory(
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory(), "policies")));
        services.AddHostedService<PolicyCatalogStartupCheck>();
        return services;
    }

    /// <summary>Loads the policies (and the injection classifier artifact) at start so a bad file stops the host with the file, line and field at fault.</summary>
    private sealed class PolicyCatalogStartupCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<PolicyRegistry>();
            _ = InjectionClassifier.Embedded;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
