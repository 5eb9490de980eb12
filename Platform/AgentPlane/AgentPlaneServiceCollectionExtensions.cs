using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Assistant;
using AiNative.Platform.AgentPlane.Billing;
using AiNative.Platform.AgentPlane.Incidents;
using AiNative.Platform.AgentPlane.Memory;
using AiNative.Platform.AgentPlane.Operations;
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
        AddAgentsAndMemory(services, configuration);
        // Channels are listed here; SMTP and Slack notifiers join the list when they exist.
        services.TryAddSingleton<IApprovalNotifier>(sp => new CompositeApprovalNotifier(
        [
            sp.GetRequiredService<PickupDirectoryEmailNotifier>(),
        ]));
        return services;
    }

    // Agent sessions: conversation memory and its context window, and the operations data behind the incident tools.
    private static void AddAgentsAndMemory(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IConversationMemory, TableConversationMemory>();
        services.TryAddSingleton<ConversationSummarizer>();
        services.TryAddSingleton<ConversationContext>();
        services.TryAddSingleton<IOperationsSystem, TableOperationsSystem>();
        services.AddToolHandler<QueryLogsHandler>();
        services.AddToolHandler<QueryMetricsHandler>();
        services.AddToolHandler<GetRunbookHandler>();
        services.AddToolHandler<RemediateServiceHandler>();
        services.AddToolHandler<UndoRemediationHandler>();
        services.TryAddSingleton<IncidentSteps>();
        services.TryAddSingleton<LocalToolChooser>();
        services.TryAddSingleton<AssistantPlanner>();
        services.TryAddSingleton(sp => RunbookLibrary.Load(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory()));
    }
}
