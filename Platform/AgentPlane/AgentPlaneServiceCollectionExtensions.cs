using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.AgentPlane.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane;

/// <summary>Registers the AgentPlane services.</summary>
public static class AgentPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddAgentPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<BillingOptions>()
            .Bind(configuration.GetSection(BillingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IBillingSystem, TableBillingSystem>();

        services.AddOptions<ApprovalOptions>()
            .Bind(configuration.GetSection(ApprovalOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApprovalOptions>, ApprovalOptionsValidator>());
        services.AddOptions<MailOptions>()
            .Bind(configuration.GetSection(MailOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailOptions>, MailOptionsValidator>());

        services.TryAddSingleton<ApprovalTokenService>();
        services.TryAddSingleton<ApprovalLinks>();
        services.TryAddSingleton<IApprovalStore, TableApprovalStore>();
        services.TryAddSingleton<ApprovalPageRenderer>();
        services.TryAddSingleton<ApprovalLinkService>();
        services.TryAddSingleton<ApprovalNotifications>();
        services.TryAddSingleton<BillingResolutionSteps>();
        services.AddTools(configuration);
        services.TryAddSingleton<PickupDirectoryEmailNotifier>();
        // Channels are listed here; SMTP and Slack notifiers join the list when they exist.
        services.TryAddSingleton<IApprovalNotifier>(sp => new CompositeApprovalNotifier(
        [
            sp.GetRequiredService<PickupDirectoryEmailNotifier>(),
        ]));
        return services;
    }
}
