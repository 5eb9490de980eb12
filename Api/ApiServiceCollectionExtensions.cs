using AiNative.Api.Approvals;
using AiNative.Api.Documents;
using AiNative.Api.Evals;
using AiNative.Api.Health;
using AiNative.Api.Runs;
using AiNative.Api.Search;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Api;

/// <summary>Registers the request handlers both hosts call.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddAiNativeApi(this IServiceCollection services)
    {
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<AgentRunsHandler>();
        services.AddSingleton<ApprovalLinksHandler>();
        services.AddSingleton<DocumentIntake>();
        services.AddSingleton<DocumentsHandler>();
        services.AddSingleton<EvalRunsHandler>();
        services.AddSingleton<SearchHandler>();
        services.AddProblemDetails();
        return services;
    }
}
