using AiNative.Platform.AgentPlane.Tools.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>Registers the tool registry, its handlers and the execution wrapper.</summary>
public static class ToolsServiceCollectionExtensions
{
    public static IServiceCollection AddTools(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ToolOptions>().Bind(configuration.GetSection(ToolOptions.Section));
        services.AddHttpClient(HttpToolHandler.ClientName);
        services.AddToolHandler<CheckBillingSystemHandler>();
        services.AddToolHandler<RefundCustomerHandler>();
        services.AddToolHandler<ReverseRefundHandler>();
        services.AddToolHandler<UpdateTicketHandler>();
        services.TryAddSingleton<HttpToolHandler>();
        services.TryAddSingleton<McpToolHandler>();
        services.TryAddSingleton<ToolBindings>();
        services.TryAddSingleton(sp => ToolRegistry.Load(
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.ResolveCatalogDirectory(), ToolRegistry.DirectoryName),
            sp.GetRequiredService<ToolBindings>().HandlerNames));
        services.TryAddSingleton<ToolRateLimits>();
        services.TryAddSingleton<ToolCallLedger>();
        services.TryAddSingleton<ToolAuditLog>();
        services.TryAddSingleton<ToolExecutor>();
        services.AddHostedService<ToolsStartupCheck>();
        return services;
    }

    /// <summary>Binds a C# tool handler by its <see cref="IToolHandler.Name"/> (the <c>handler:</c> of a tool in the catalog).</summary>
    public static IServiceCollection AddToolHandler<THandler>(this IServiceCollection services)
        where THandler : class, IToolHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, THandler>());
        return services;
    }
}

/// <summary>Loads the tool catalog when the host starts, so an invalid tool file stops start-up naming file, line and field.</summary>
public sealed partial class ToolsStartupCheck(ToolRegistry registry, ILogger<ToolsStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Ready(logger, registry.All.Count, string.Join(", ", registry.All.Select(t => t.Name)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Tool registry ready: {Count} tools ({Tools})")]
        public static partial void Ready(ILogger logger, int count, string tools);
    }
}
