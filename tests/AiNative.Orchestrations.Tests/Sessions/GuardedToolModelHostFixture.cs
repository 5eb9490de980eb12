using AiNative.Testing;

namespace AiNative.Orchestrations.Tests.Sessions;

/// <summary>
/// <see cref="ToolModelHostFixture"/> with a catalog that adds the policy <c>assistant-one-call</c> for the assistant:
/// one tool call per run, so the model's second call is blocked by <c>ToolCallGuard</c>.
/// </summary>
public sealed class GuardedToolModelHostFixture : ToolModelHostFixture
{
    public const string PolicyReference = "assistant-one-call@1.0.0";

    private static readonly Lazy<string> Catalog = new(CopyCatalog);

    protected override IReadOnlyDictionary<string, string?> Overrides =>
        new Dictionary<string, string?>(base.Overrides) { ["AiNative:CatalogDirectory"] = Catalog.Value };

    private static string CopyCatalog()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ainative-tests", "catalog-" + Guid.NewGuid().ToString("n"));
        foreach (var file in Directory.EnumerateFiles(TestConfiguration.CatalogDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(directory, Path.GetRelativePath(TestConfiguration.CatalogDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        File.WriteAllText(Path.Combine(directory, "policies", "assistant-one-call.yaml"), """
            # Test policy: the assistant may make one tool call per run.
            id: assistant-one-call
            version: "1.0.0"
            description: One tool call per run for the assistant.
            applies_to:
              agents: [assistant]
            pii:
              default_operator: replace
              min_score: 0.5
            injection:
              scan_input: false
              scan_output: false
              channels:
                user: { threshold: 0.5, action: block }
                document: { threshold: 0.5, action: flag }
                tool_output: { threshold: 0.5, action: flag }
            output:
              max_reasks: 2
            tools:
              max_calls_per_run: 1
              high_risk_requires_approval: true
              after_untrusted_content: flag
            """);
        return directory;
    }
}
