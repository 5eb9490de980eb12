using AiNative.Testing;

namespace AiNative.Standalone.Tests.Gateway;

/// <summary>
/// The gateway host with a catalog whose <c>gateway</c> policy says <c>require_approval</c> (not <c>block</c>) for
/// prompt injection in user input: a copy of the repository's catalog with that one line changed.
/// </summary>
public sealed class ApprovalGatewayHostFixture : GatewayHostFixture
{
    public string CatalogDirectory { get; } = Path.Combine(Path.GetTempPath(), "ainative-tests", "catalog-" + Guid.NewGuid().ToString("n"));

    protected override void Configure(Dictionary<string, string?> settings)
    {
        foreach (var file in Directory.EnumerateFiles(TestConfiguration.CatalogDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(CatalogDirectory, Path.GetRelativePath(TestConfiguration.CatalogDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var policy = Path.Combine(CatalogDirectory, "policies", "gateway.yaml");
        var text = File.ReadAllText(policy);
        const string Block = "user: { threshold: 0.5, action: block }";
        if (!text.Contains(Block, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"catalog/policies/gateway.yaml no longer has '{Block}': update this fixture.");
        }

        File.WriteAllText(policy, text.Replace(Block, "user: { threshold: 0.5, action: require_approval }", StringComparison.Ordinal));
        settings["AiNative:CatalogDirectory"] = CatalogDirectory;
    }
}
