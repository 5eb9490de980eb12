using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.ModelPlane;

/// <summary>Registers the ModelPlane services.</summary>
public static class ModelPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddModelPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
