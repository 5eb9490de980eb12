using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.Governance.Pii;

/// <summary>Registers PII detection, redaction and the decrypt path with keys from <c>Guardrails:Pii</c>.</summary>
public static class PiiServiceCollectionExtensions
{
    public static IServiceCollection AddPiiGuardrails(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PiiKeyOptions>().Bind(configuration.GetSection(PiiKeyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PiiKeyOptions>, PiiKeyOptionsValidator>());
        services.TryAddSingleton<PiiKeys>();
        services.TryAddSingleton<IPiiRedactor, RegexPiiRedactor>();
        services.TryAddSingleton<PiiDecryptor>();
        return services;
    }
}
