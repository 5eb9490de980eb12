using AiNative.Platform.Governance.Injection;
using AiNative.Platform.Governance.Policies;
using AiNative.Platform.Tests.ModelPlane;

namespace AiNative.Platform.Tests.Governance;

public sealed class PolicyCatalogTests
{
    /// <summary>The repository's shipped policies.</summary>
    public static PolicyRegistry Registry() => PolicyRegistry.LoadFromDirectory(Path.Combine(ModelPlaneTestSupport.FindCatalog(), "policies"));

    [Fact]
    public void Shipped_policies_load_and_resolve_by_agent_route_or_default()
    {
        var registry = Registry();

        Assert.Equal("billing-agent", registry.ForAgent("billing-resolution").Id);
        Assert.Equal("gateway", registry.ForRoute(PolicyRegistry.GatewayRoute).Id);
        Assert.Equal("default", registry.ForAgent("unknown-agent").Id);
        Assert.Equal("default", registry.ForRoute(null).Id);
        Assert.Equal("default@1.0.0", registry.Default.Reference);
    }

    [Fact]
    public void Billing_policy_carries_its_rules()
    {
        var policy = Registry().ForAgent("billing-resolution");

        Assert.Equal(GuardrailAction.Block, policy.Injection.For(InjectionChannel.User).Action);
        Assert.Equal(GuardrailAction.Flag, policy.Injection.For(InjectionChannel.Document).Action);
        Assert.Equal(GuardrailAction.Block, policy.Injection.For(InjectionChannel.ToolOutput).Action);
        Assert.Equal("encrypt", policy.Pii.Operators["IBAN_CODE"]);
        Assert.Contains("refund_customer", policy.Tools.RequireApproval);
        Assert.Equal(10, policy.Tools.MaxCallsPerRun);
        Assert.NotNull(policy.Output.SchemaFor("analyze-billing-issue"));
        Assert.Null(policy.Output.SchemaFor("extract-ticket-info"));
    }

    [Fact]
    public void Inline_schema_of_the_gateway_policy_is_compiled()
    {
        var schema = Registry().ForRoute(PolicyRegistry.GatewayRoute).Output.SchemaFor("support-ticket-triage");

        Assert.NotNull(schema);
        Assert.True(schema.Evaluate(System.Text.Json.JsonDocument.Parse("""{"category":"billing","priority":"high"}""").RootElement).IsValid);
        Assert.False(schema.Evaluate(System.Text.Json.JsonDocument.Parse("""{"category":"sales"}""").RootElement).IsValid);
    }

    [Fact]
    public void Invalid_files_are_reported_with_file_line_and_field()
    {
        var directory = Directory.CreateTempSubdirectory("ainative-policies-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "default.yaml"), "id: default\nversion: \"1.0.0\"\n");
            File.WriteAllText(Path.Combine(directory, "bad.yaml"), """
                id: bad
                version: "1.0.0"
                pii:
                  entities:
                    EMAIL_ADDRESS: scramble
                injection:
                  channels:
                    email: { threshold: 0.5, action: block }
                    user: { threshold: 1.5, action: shout }
                output:
                  schemas:
                    triage: { file: missing.json }
                tools:
                  after_untrusted_content: maybe
                colour: blue
                """);

            var error = Assert.Throws<PolicyCatalogException>(() => PolicyRegistry.LoadFromDirectory(directory));

            Assert.Contains("bad.yaml (line 5): pii.entities.EMAIL_ADDRESS: 'scramble' is not an operator", error.Message, StringComparison.Ordinal);
            Assert.Contains("bad.yaml (line 8): injection.channels.email: unknown channel", error.Message, StringComparison.Ordinal);
            Assert.Contains("bad.yaml (line 9): injection.channels.user.threshold: must be a number from 0 to 1", error.Message, StringComparison.Ordinal);
            Assert.Contains("injection.channels.user.action: 'shout' is not one of", error.Message, StringComparison.Ordinal);
            Assert.Contains("bad.yaml (line 12): output.schemas.triage.file: 'missing.json' does not exist", error.Message, StringComparison.Ordinal);
            Assert.Contains("bad.yaml (line 14): tools.after_untrusted_content: 'maybe' is not one of", error.Message, StringComparison.Ordinal);
            Assert.Contains("bad.yaml (line 15): colour: unknown field", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_catalog_without_a_default_policy_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("ainative-policies-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "only.yaml"), "id: only\nversion: \"1.0.0\"\n");

            var error = Assert.Throws<PolicyCatalogException>(() => PolicyRegistry.LoadFromDirectory(directory));

            Assert.Contains("no policy with id 'default'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
