using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiNative.Platform.Evals;

/// <summary>Registers the Evals services.</summary>
public static class EvalsServiceCollectionExtensions
{
    public static IServiceCollection AddEvals(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
