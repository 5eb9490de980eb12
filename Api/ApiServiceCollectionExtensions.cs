using AiNative.Api.Approvals;
using AiNative.Api.Bootstrap;
using AiNative.Api.Documents;
using AiNative.Api.Evals;
using AiNative.Api.Gateway;
using AiNative.Api.Health;
using AiNative.Api.Runs;
using AiNative.Api.Search;
using AiNative.Api.Sessions;
using AiNative.Api.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Api;

/// <summary>Registers the request handlers both hosts call, and the start-up task that seeds the demo data.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddAiNativeApi(this IServiceCollection services)
    {
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<AgentRunsHandler>();
        services.AddSingleton<ApprovalLinksHandler>();
        services.AddSingleton<SlackInteractionsHandler>();
        services.AddSingleton<DocumentIntake>();
        services.AddSingleton<DocumentsHandler>();
        services.AddSingleton<EvalRunsHandler>();
        services.AddSingleton<OpenAIGatewayHandler>();
        services.AddSingleton<SearchHandler>();
        services.AddSingleton<SessionsHandler>();
        services.AddSingleton<ToolsHandler>();
        services.AddProblemDetails();
        services.AddHostedService<DemoDataSeeder>();
        return services;
    }
}
