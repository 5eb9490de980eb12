using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace AiNative.Platform.Storage.Local;

/// <summary>
/// Brings up Azurite (the Azure Storage emulator) for local runs and tests: installs it with npm into a
/// tools folder on first use, starts it on loopback, and waits until all three services answer.
/// </summary>
public sealed partial class AzuriteLauncher(ILogger<AzuriteLauncher> logger)
{
    /// <summary>The Azurite version installed on first use.</summary>
    public const string Version = "3.37.0";

    /// <summary>Azurite's well-known development account key (public, documented by Microsoft; not a secret).</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The default tools folder: <c>AINATIVE_TOOLS_DIR</c>, else <c>~/.ainative/tools</c>.</summary>
    public static string DefaultToolsDirectory =>
        Environment.GetEnvironmentVariable("AINATIVE_TOOLS_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ainative", "tools");

    /// <summary>The connection string for Azurite's development account on the given loopback ports.</summary>
    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite, or reuses one already listening on all three ports (for example one left running by a
    /// previous, killed run). <paramref name="location"/> null means in-memory persistence.
    /// </summary>
    public async Task<AzuriteInstance> StartAsync(AzuritePorts ports, string? location, string? toolsDirectory = null, CancellationToken cancellationToken = default)
    {
        if (await AllListeningAsync(ports, cancellationToken).ConfigureAwait(false))
        {
            LogReusing(logger, ports.Blob, ports.Queue, ports.Table);
            return new AzuriteInstance(ports, null);
        }

        var script = await EnsureInstalledAsync(toolsDirectory ?? DefaultToolsDirectory, cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     script,
                     "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite (node).");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.AppendLine(e.Data); } } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AllListeningAsync(ports, cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited)
            {
                string detail;
                lock (errors) { detail = errors.ToString(); }
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened on {ports}: {detail}");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Azurite did not listen on {ports} within 60 s.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        LogStarted(logger, ports.Blob, ports.Queue, ports.Table, location ?? "(in memory)");
        return new AzuriteInstance(ports, process);
    }

    /// <summary>Installs Azurite with npm into <paramref name="toolsDirectory"/> unless it is there; returns its entry script.</summary>
    public async Task<string> EnsureInstalledAsync(string toolsDirectory, CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(toolsDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }

        Directory.CreateDirectory(toolsDirectory);
        // Serialise concurrent installs (parallel test assemblies) on a lock file.
        await using var gate = await AcquireInstallLockAsync(toolsDirectory, cancellationToken).ConfigureAwait(false);
        if (File.Exists(script))
        {
            return script;
        }

        await RequireToolAsync("node", cancellationToken).ConfigureAwait(false);
        await RequireToolAsync("npm", cancellationToken).ConfigureAwait(false);
        LogInstalling(logger, Version, toolsDirectory);
        var install = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = toolsDirectory,
        };
        foreach (var arg in new[] { "install", "--prefix", toolsDirectory, $"azurite@{Version}", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            install.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(install) ?? throw new InvalidOperationException("Could not start npm.");
        var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
        _ = await npm.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await npm.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (npm.ExitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Installing Azurite {Version} with npm into {toolsDirectory} failed (exit {npm.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }

        return script;
    }

    /// <summary>A free loopback TCP port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AllListeningAsync(AzuritePorts ports, CancellationToken cancellationToken) =>
        await IsListeningAsync(ports.Blob, cancellationToken).ConfigureAwait(false)
        && await IsListeningAsync(ports.Queue, cancellationToken).ConfigureAwait(false)
        && await IsListeningAsync(ports.Table, cancellationToken).ConfigureAwait(false);

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task RequireToolAsync(string tool, CancellationToken cancellationToken)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(tool, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (probe is not null)
            {
                await probe.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (probe.ExitCode == 0)
                {
                    return;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not on PATH: reported below.
        }

        throw new InvalidOperationException(
            $"'{tool}' was not found. The local run uses Azurite, the Azure Storage emulator, which needs Node.js 18+ and npm: " +
            "install them (https://nodejs.org or your package manager, e.g. 'apt-get install nodejs npm'), " +
            "or point the setting AzureWebJobsStorage at a storage account or an Azurite you run yourself.");
    }

    private static async Task<FileStream> AcquireInstallLockAsync(string toolsDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(toolsDirectory, ".install.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite already listening on 127.0.0.1:{Blob}/{Queue}/{Table}; reusing it")]
    private static partial void LogReusing(ILogger logger, int blob, int queue, int table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite started on 127.0.0.1:{Blob}/{Queue}/{Table}, data in {Location}")]
    private static partial void LogStarted(ILogger logger, int blob, int queue, int table, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installing Azurite {Version} with npm into {Directory} (first run only)")]
    private static partial void LogInstalling(ILogger logger, string version, string directory);
}

/// <summary>Azurite's three ports.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    /// <summary>Azurite's defaults, 10000-10002.</summary>
    public static AzuritePorts Default { get; } = new(10000, 10001, 10002);

    /// <summary>Three free loopback ports, for isolated test instances.</summary>
    public static AzuritePorts Free() => new(AzuriteLauncher.FreePort(), AzuriteLauncher.FreePort(), AzuriteLauncher.FreePort());

    public override string ToString() => $"127.0.0.1:{Blob}/{Queue}/{Table}";
}

/// <summary>A running Azurite; disposing stops it if this process started it.</summary>
public sealed class AzuriteInstance(AzuritePorts ports, Process? process) : IAsyncDisposable
{
    public AzuritePorts Ports { get; } = ports;

    /// <summary>Whether this process started Azurite (false: an existing one was reused).</summary>
    public bool Owned => process is not null;

    public string ConnectionString => AzuriteLauncher.ConnectionString(Ports.Blob, Ports.Queue, Ports.Table);

    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
