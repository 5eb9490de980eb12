using AiNative.Platform.AgentPlane.Tools;
using AiNative.Testing;

namespace AiNative.Platform.Tests.AgentPlane.Tools;

/// <summary>The tool catalog: the shipped files load; broken files fail naming file, line and field.</summary>
public sealed class ToolCatalogTests : IDisposable
{
    private static readonly HashSet<string> Handlers = ["check_billing_system", "refund_customer", "reverse_refund", "update_ticket", "echo", "query_logs", "query_metrics", "get_runbook", "remediate_service", "undo_remediation"];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "ainative-tests", "tools-" + Guid.NewGuid().ToString("n"));

    public ToolCatalogTests() => Directory.CreateDirectory(directory);

    [Fact]
    public void Shipped_catalog_holds_the_seeds_refund_tool()
    {
        var registry = ToolRegistry.Load(Path.Combine(TestConfiguration.CatalogDirectory, ToolRegistry.DirectoryName), Handlers);

        var refund = registry.Get("refund_customer");
        Assert.Equal(["billing.refund.create"], refund.Permissions);
        Assert.Equal(5, refund.RateLimit.Permits);
        Assert.Equal(TimeSpan.FromMinutes(1), refund.RateLimit.Window);
        Assert.Equal(AuditLevels.High, refund.AuditLevel);
        Assert.Equal("reverse_refund", refund.Undo);
        Assert.Equal(500, refund.InputSchemaJson.GetProperty("properties").GetProperty("amount").GetProperty("maximum").GetInt32());
        Assert.Contains(registry.All, t => t.Name == "update_ticket");
    }

    [Fact]
    public void Every_problem_is_reported_with_file_line_and_field()
    {
        File.WriteAllText(Path.Combine(directory, "broken.yaml"), """
            - name: "good_tool"
              description: "fine"
              permissions: []
              input_schema: { type: object }
              output_schema: { type: object }
              rate_limit: "5 per minute"
              audit_level: "low"
              handler: "echo"
            - name: "bad_tool"
              description: "broken in many ways"
              permissions: "billing.read"
              input_schema:
                type: "object"
                properties:
                  amount: { type: "money" }
              output_schema: { type: object }
              rate_limit: "five a minute"
              audit_level: "verbose"
              handler: "nobody"
              undo: "missing_tool"
              colour: "blue"
            """);

        var error = Assert.Throws<ToolCatalogException>(() => ToolRegistry.Load(directory, Handlers));

        Assert.Contains(error.Errors, e => e.StartsWith("broken.yaml (line 11): bad_tool.permissions:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("broken.yaml (line 13): bad_tool.input_schema", StringComparison.Ordinal) && e.Contains("type", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("broken.yaml (line 17): bad_tool.rate_limit: 'five a minute'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("broken.yaml (line 18): bad_tool.audit_level: 'verbose'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("broken.yaml (line 21): [1].colour: unknown field", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Errors, e => e.Contains("good_tool", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_handler_and_undo_are_refused_after_parsing()
    {
        File.WriteAllText(Path.Combine(directory, "refs.yaml"), """
            name: "lonely"
            description: "points at things that do not exist"
            permissions: []
            input_schema: { type: object }
            output_schema: { type: object }
            rate_limit: "1 per second"
            audit_level: "medium"
            handler: "nobody"
            undo: "missing_tool"
            """);

        var error = Assert.Throws<ToolCatalogException>(() => ToolRegistry.Load(directory, Handlers));

        Assert.Contains(error.Errors, e => e.StartsWith("refs.yaml (line 1): lonely.handler: no C# handler is registered as 'nobody'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("refs.yaml (line 1): lonely.undo: 'missing_tool' is not a tool", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tool_runs_one_way_only_and_http_urls_are_checked()
    {
        File.WriteAllText(Path.Combine(directory, "bindings.yaml"), """
            - name: "two_ways"
              description: "handler and http"
              permissions: []
              input_schema: { type: object }
              output_schema: { type: object }
              rate_limit: "1 per second"
              audit_level: "low"
              handler: "echo"
              http: { method: "GET", url_template: "https://example.com/{id}" }
            - name: "bad_http"
              description: "relative url"
              permissions: []
              input_schema: { type: object }
              output_schema: { type: object }
              rate_limit: "1 per second"
              audit_level: "low"
              http:
                method: "FETCH"
                url_template: "/orders/{id}"
            - name: "no_way"
              description: "nothing runs it"
              permissions: []
              input_schema: { type: array }
              output_schema: { type: object }
              rate_limit: "1 per second"
              audit_level: "low"
              timeout: "forever"
            """);

        var error = Assert.Throws<ToolCatalogException>(() => ToolRegistry.Load(directory, Handlers));

        Assert.Contains(error.Errors, e => e.StartsWith("bindings.yaml (line 1): two_ways.handler: set exactly one of", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("bindings.yaml (line 18): bad_http.http.method:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("bindings.yaml (line 19): bad_http.http.url_template:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("bindings.yaml (line 23): no_way.input_schema: the root must have 'type: object'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("bindings.yaml (line 27): no_way.timeout: 'forever'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("bindings.yaml (line 20): no_way.handler: missing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("5 per minute", 5, 60)]
    [InlineData("100 per hour", 100, 3600)]
    [InlineData("1 per second", 1, 1)]
    [InlineData("2/day", 2, 86400)]
    public void Rate_limits_parse(string text, int permits, int seconds)
    {
        Assert.True(ToolCatalogLoader.TryParseRateLimit(text, out var limit));
        Assert.Equal(permits, limit.Permits);
        Assert.Equal(TimeSpan.FromSeconds(seconds), limit.Window);
    }

    [Theory]
    [InlineData("0 per minute")]
    [InlineData("5 per fortnight")]
    [InlineData("many per minute")]
    public void Bad_rate_limits_do_not_parse(string text) => Assert.False(ToolCatalogLoader.TryParseRateLimit(text, out _));

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
