using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiNative.Platform.Telemetry;

/// <summary>
/// Turns on Microsoft.Extensions.AI's message recording on the gateway's chat pipeline when <c>Telemetry__CaptureContent</c>
/// is true; <see cref="GenAiContentProcessor"/> redacts what it records before export. Off (the default) leaves the
/// pipeline recording metadata only.
/// </summary>
internal sealed class GenAiContentCapture(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IChatClient>()?.GetService<OpenTelemetryChatClient>() is { } telemetry)
        {
            telemetry.EnableSensitiveData = true;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
