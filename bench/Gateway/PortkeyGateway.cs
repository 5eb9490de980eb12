using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiNative.Bench.Gateway;

/// <summary>
/// The Portkey gateway (npm <c>@portkey-ai/gateway</c>, installed by <c>portkey/install.sh</c>) as a child process on a
/// loopback port, routed to the benchmark's model server by its <c>x-portkey-*</c> headers.
/// </summary>
internal sealed class PortkeyGateway : IAsyncDisposable
{
    private readonly Process process;

    private PortkeyGateway(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The OpenAI base URL of the gateway (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts Portkey, or returns null (with the reason) when it is not installed or does not come up.</summary>
    public static async Task<(PortkeyGateway? Gateway, string? Problem)> StartAsync(string directory)
    {
        var entry = Path.Combine(directory, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
        if (!File.Exists(entry))
        {
            return (null, $"Portkey is not installed: run {Path.Combine(directory, "install.sh")}");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Portkey has no host flag and listens on every interface: the preload binds it to loopback.
        foreach (var argument in new[] { "--import", "./loopback-only.mjs", entry, $"--port={port}", "--headless" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new PortkeyGateway(process, new Uri($"http://127.0.0.1:{port}/v1"));
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                return (null, $"Portkey exited with code {process.ExitCode}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return (gateway, null);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        await gateway.DisposeAsync();
        return (null, "Portkey did not listen within 10 s");
    }

    /// <summary>SDK pipeline policy adding the headers that route a Portkey call to an OpenAI-compatible host.</summary>
    public static PipelinePolicy RouteTo(Uri modelServer) => new HeadersPolicy(modelServer);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class HeadersPolicy(Uri modelServer) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Add(PipelineMessage message)
        {
            message.Request.Headers.Set("x-portkey-provider", "openai");
            message.Request.Headers.Set("x-portkey-custom-host", modelServer.ToString().TrimEnd('/'));
        }
    }
}
