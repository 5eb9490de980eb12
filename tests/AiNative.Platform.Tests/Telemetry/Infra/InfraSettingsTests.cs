using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiNative.Platform.Storage;

namespace AiNative.Platform.Tests.Telemetry.Infra;

/// <summary>Every setting the app reads has an app setting in infra, and the deployed models are catalog entries.</summary>
public partial class InfraSettingsTests
{
    // Keys of the Bicep objects that become app settings: `Key: value` lines (identifier or quoted).
    [GeneratedRegex(@"^\s*'?([A-Za-z_][A-Za-z0-9_]*)'?\s*:", RegexOptions.Multiline)]
    private static partial Regex BicepKey();

    private static HashSet<string> InfraAppSettings()
    {
        var main = RepositoryFiles.Read("infra", "main.bicep");
        var app = RepositoryFiles.Read("infra", "app", "function-app.bicep");
        var platform = Block(main, "var platformSettings = union(", "\nmodule functionApp");
        var host = Block(app, "var hostSettings = {", "\n}");
        return BicepKey().Matches(platform + "\n" + host).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static string Block(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found in infra");
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        Assert.True(to > from, $"end of '{start}' not found in infra");
        return text[(from + start.Length)..to];
    }

    /// <summary>Settings named by local.settings.sample.json and by every Options class of the platform.</summary>
    public static TheoryData<string> AppSettings()
    {
        var data = new TheoryData<string>();
        foreach (var name in SettingNames())
        {
            data.Add(name);
        }

        return data;
    }

    private static SortedSet<string> SettingNames()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        using var sample = JsonDocument.Parse(RepositoryFiles.Read("local.settings.sample.json"));
        foreach (var setting in sample.RootElement.GetProperty("Values").EnumerateObject())
        {
            names.Add(setting.Name);
        }

        var optionTypes = typeof(StorageAccount).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null);
        foreach (var (type, section) in optionTypes)
        {
            // "Gateway:Resilience" is the nested section Gateway__Resilience in app settings.
            var prefix = section!.Replace(":", "__", StringComparison.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsDictionary(p.PropertyType)))
            {
                if (IsDictionary(property.PropertyType))
                {
                    // Keyed by names the operator chooses (e.g. Gateway__Tenants__acme__ApiKey): nothing to provision up front.
                    continue;
                }

                var isList = property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
                names.Add(isList ? $"{prefix}__{property.Name}__0" : $"{prefix}__{property.Name}");
            }
        }

        return names;
    }

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    [Theory]
    [MemberData(nameof(AppSettings))]
    public void Every_setting_the_app_reads_has_an_app_setting_in_infra(string setting)
    {
        var infra = InfraAppSettings();

        switch (setting)
        {
            case StorageAccount.ConnectionSetting:
                // Shared keys are disabled: the identity-based form replaces the connection string.
                Assert.Contains("AzureWebJobsStorage__accountName", infra);
                Assert.Contains("AzureWebJobsStorage__credential", infra);
                Assert.Contains("AzureWebJobsStorage__clientId", infra);
                break;
            case "FUNCTIONS_WORKER_RUNTIME":
                // Flex Consumption rejects this app setting; the runtime is part of functionAppConfig.
                Assert.Contains("name: 'dotnet-isolated'", RepositoryFiles.Read("infra", "app", "function-app.bicep"), StringComparison.Ordinal);
                break;
            default:
                Assert.Contains(setting, infra);
                break;
        }
    }

    [Fact]
    public void The_sample_settings_and_the_options_are_discovered()
    {
        var settings = SettingNames();

        Assert.Contains("Models__ChatModel", settings);
        Assert.Contains("Approvals__Approvers__0", settings);
        Assert.Contains("Telemetry__ConsoleExporter", settings);
        Assert.True(settings.Count > 20, $"only {settings.Count} settings were discovered");
    }

    [Fact]
    public void The_approval_signing_key_comes_from_key_vault()
    {
        var main = RepositoryFiles.Read("infra", "main.bicep");

        Assert.Matches(@"Approvals__SigningKey: '@Microsoft\.KeyVault\(VaultName=\$\{vault\.outputs\.name\};SecretName=approvals-signing-key\)'", main);
    }

    [GeneratedRegex(@"^\s*-\s*id:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex CatalogId();

    [GeneratedRegex(@"param modelDeployments array = \[(.*?)\n\]", RegexOptions.Singleline)]
    private static partial Regex ModelDeployments();

    [GeneratedRegex(@"name:\s*'([^']+)'")]
    private static partial Regex DeploymentName();

    [Fact]
    public void Every_azure_openai_deployment_is_a_model_of_the_catalog()
    {
        var catalog = CatalogId().Matches(RepositoryFiles.Read("catalog", "models.yaml")).Select(m => m.Groups[1].Value).ToHashSet();
        var deployments = ModelDeployments().Match(RepositoryFiles.Read("infra", "main.bicep"));

        var names = DeploymentName().Matches(deployments.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains(name, catalog));
    }
}
