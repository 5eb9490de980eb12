using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.AgentPlane;

/// <summary>Registers the AgentPlane services.</summary>
public static class AgentPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddAgentPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
