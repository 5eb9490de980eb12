using AiNative.Platform.Evals.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiNative.Platform.Evals;

/// <summary>Loads the eval catalog when the host starts, so an invalid suite file stops start-up with its file and field.</summary>
internal sealed class EvalCatalogStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<EvalCatalog>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
