using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.DataPlane;

/// <summary>Registers the DataPlane services.</summary>
public static class DataPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddDataPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
