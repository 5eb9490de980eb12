using AiNative.Platform.Storage;
using AiNative.Platform.Storage.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace AiNative.Testing;

/// <summary>
/// A real Azurite for a test class or collection: in memory, on free loopback ports, so parallel test
/// assemblies never share state. Installs Azurite with npm on first use (see <see cref="AzuriteLauncher"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? instance;

    public string ConnectionString => instance?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    public StorageAccount Account => new(ConnectionString);

    public async Task InitializeAsync()
    {
        var launcher = new AzuriteLauncher(NullLogger<AzuriteLauncher>.Instance);
        try
        {
            instance = await launcher.StartAsync(AzuritePorts.Free(), location: null);
        }
        catch (InvalidOperationException)
        {
            // A free port can be taken by another process between the probe and Azurite's bind: try fresh ports once.
            instance = await launcher.StartAsync(AzuritePorts.Free(), location: null);
        }
    }

    public async Task DisposeAsync()
    {
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }
    }
}
