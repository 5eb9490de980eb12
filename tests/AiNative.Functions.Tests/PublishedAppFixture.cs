using System.Diagnostics;
using System.Text.Json;
using AiNative.Testing;

namespace AiNative.Functions.Tests;

/// <summary>Publishes the Functions app once (Release, to a temp folder) exactly as a deployment would.</summary>
public sealed class PublishedAppFixture : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ainative-publish", Guid.NewGuid().ToString("n"));

    public JsonElement Metadata { get; private set; }

    public async Task InitializeAsync()
    {
        var repository = Path.GetDirectoryName(TestConfiguration.CatalogDirectory)!;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repository };
        foreach (var arg in new[] { "publish", Path.Combine(repository, "Functions", "AiNative.Functions.csproj"), "-c", "Release", "-o", Folder, "-nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed ({publish.ExitCode}): {await output}{await errors}");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "functions.metadata")));
        Metadata = document.RootElement.Clone();
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }

        return Task.CompletedTask;
    }
}
