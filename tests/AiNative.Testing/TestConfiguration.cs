using Microsoft.Extensions.Configuration;

namespace AiNative.Testing;

/// <summary>Configuration for tests: the embedded defaults, a given storage account and data folder.</summary>
public static class TestConfiguration
{
    /// <summary>A fixed, test-only approval signing key (never used outside tests).</summary>
    public const string SigningKey = "test-only-approval-signing-key-0123456789abcdef";

    public static IConfigurationRoot Build(string storageConnection, string dataDirectory, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = storageConnection,
            ["AiNative:DataDirectory"] = dataDirectory,
            ["AiNative:CatalogDirectory"] = CatalogDirectory,
            ["Approvals:SigningKey"] = SigningKey,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    /// <summary>The repository's <c>catalog/</c> folder, found by walking up from the test binaries.</summary>
    public static string CatalogDirectory { get; } = FindCatalog();

    private static string FindCatalog()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "catalog");
            if (File.Exists(Path.Combine(dir.FullName, "AiNative.Functions.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository's catalog/ folder above " + AppContext.BaseDirectory);
    }
}
