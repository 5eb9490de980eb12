using AiNative.Platform.AgentPlane.Agents;
using AiNative.Platform.AgentPlane.Approvals;
using AiNative.Platform.AgentPlane.Approvals.Slack;
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
        services.TryAddSingleton<ApproverDirectory>();
        services.TryAddSingleton<PrincipalPseudonyms>();
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.TryAddSingleton<SmtpEmailNotifier>();
        services.AddOptions<SlackOptions>()
            .Bind(configuration.GetSection(SlackOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.AddHttpClient(SlackApprovalNotifier.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<SlackSignatureVerifier>();
        services.TryAddSingleton<SlackApprovalNotifier>();
        services.TryAddSingleton<SlackInteractionService>();
        // E-mail goes over SMTP when a host is configured, else to the zero-config pickup folder; Slack joins when configured.
        services.TryAddSingleton<IApprovalNotifier>(sp =>
        {
            var smtp = sp.GetRequiredService<IOptions<SmtpOptions>>().Value.IsConfigured;
            var slack = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            List<IApprovalNotifier> channels = [smtp ? sp.GetRequiredService<SmtpEmailNotifier>() : sp.GetRequiredService<PickupDirectoryEmailNotifier>()];
            if (slack.AppMode || slack.WebhookMode)
            {
                channels.Add(sp.GetRequiredService<SlackApprovalNotifier>());
            }

            return new CompositeApprovalNotifier(channels);
        });
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
