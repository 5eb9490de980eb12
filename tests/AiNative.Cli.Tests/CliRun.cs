using AiNative.Platform.ModelPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiNative.Cli.Tests;

/// <summary>One in-process run of <c>ainative</c>: exit code and what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the CLI; when <paramref name="gateway"/> is given it replaces whatever model gateway the platform registers.</summary>
    public static async Task<CliRun> RunAsync(IModelGateway? gateway, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Action<IServiceCollection>? configure = gateway is null ? null : services =>
        {
            services.RemoveAll<IModelGateway>();
            services.AddSingleton(gateway);
        };

        var code = await AinativeCli.RunAsync(args, output, error, configure);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
