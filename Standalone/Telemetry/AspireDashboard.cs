using System.Diagnostics;
using System.Net;
using System.Reflection;

namespace AiNative.Standalone.Telemetry;

/// <summary>
/// The Aspire dashboard (from the Aspire.Dashboard.Sdk package) as a child process on loopback: a browser UI for the
/// host's traces, metrics and logs, fed over OTLP. Anonymous access is safe only because it binds to 127.0.0.1.
/// </summary>
public sealed partial class AspireDashboard : IAsyncDisposable
{
    private readonly Process process;

    private AspireDashboard(Process process, Uri frontend, Uri otlpGrpc, Uri otlpHttp)
    {
        this.process = process;
        FrontendUrl = frontend;
        OtlpGrpcEndpoint = otlpGrpc;
        OtlpHttpEndpoint = otlpHttp;
    }

    /// <summary>The browser UI (also serves <c>/api/telemetry/traces</c>).</summary>
    public Uri FrontendUrl { get; }

    public Uri OtlpGrpcEndpoint { get; }

    public Uri OtlpHttpEndpoint { get; }

    /// <summary>The dashboard executable restored by the Standalone project's PackageDownload, or null when absent.</summary>
    public static string? ExecutablePath =>
        typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AspireDashboardPath")?.Value is { } path && File.Exists(path) ? path : null;

    /// <summary>Starts the dashboard and waits until its UI answers.</summary>
    public static async Task<AspireDashboard> StartAsync(int frontendPort, int otlpGrpcPort, int otlpHttpPort, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var executable = ExecutablePath ?? throw new InvalidOperationException(
            "The Aspire dashboard is not in the NuGet cache: run 'dotnet restore Standalone' (it downloads Aspire.Dashboard.Sdk.linux-x64).");
        var frontend = new Uri($"http://127.0.0.1:{frontendPort}");
        var otlpGrpc = new Uri($"http://127.0.0.1:{otlpGrpcPort}");
        var otlpHttp = new Uri($"http://127.0.0.1:{otlpHttpPort}");
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = frontend.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = otlpGrpc.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = otlpHttp.ToString();
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The Aspire dashboard did not start.");
        // Drain its output so a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new AspireDashboard(process, frontend, otlpGrpc, otlpHttp);
        try
        {
            await dashboard.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await dashboard.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        LogStarted(logger, frontend, otlpGrpc);
        return dashboard;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Aspire dashboard exited with code {process.ExitCode} (ports {FrontendUrl.Port}, {OtlpGrpcEndpoint.Port}, {OtlpHttpEndpoint.Port} in use?).");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(FrontendUrl, "/api/telemetry/traces"), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("The Aspire dashboard did not answer within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aspire dashboard: {Frontend} (OTLP {Otlp})")]
    private static partial void LogStarted(ILogger logger, Uri frontend, Uri otlp);
}
