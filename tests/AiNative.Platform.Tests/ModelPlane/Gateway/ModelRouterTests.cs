using AiNative.Platform.ModelPlane.Registry;
using AiNative.Platform.ModelPlane.Routing;

namespace AiNative.Platform.Tests.ModelPlane.Gateway;

public sealed class ModelRouterTests
{
    private static ModelDefinition Model(string id, decimal input, string[] capabilities, string[] regions, string[] compliance, int context = 100_000, string latency = LatencyClasses.Interactive, params string[] fallbacks) => new()
    {
        Id = id,
        Provider = "local",
        Capabilities = capabilities.ToHashSet(),
        ContextWindow = context,
        TokenCost = new TokenCost(input, input * 2),
        Regions = regions,
        Compliance = compliance.ToHashSet(),
        Fallbacks = fallbacks,
        LatencyClass = latency,
    };

    private static readonly ModelDefinition Cheap = Model("cheap", 0.0000001m, ["chat"], ["us-east"], ["soc2"], 8_000, LatencyClasses.Batch, "eu-big");
    private static readonly ModelDefinition EuBig = Model("eu-big", 0.00001m, ["chat", "tool_use", "json_schema"], ["eu-west"], ["soc2", "gdpr"], 128_000, LatencyClasses.ToolUse, "us-mid");
    private static readonly ModelDefinition UsMid = Model("us-mid", 0.000001m, ["chat", "json_schema"], ["us-east"], ["soc2", "hipaa"], 32_000, LatencyClasses.Interactive);

    private static ModelRouter Router(LatencyTracker? latency = null) => new(new ModelRegistry([Cheap, EuBig, UsMid], "us-mid", "v"), latency ?? new LatencyTracker());

    [Fact]
    public void Default_priority_takes_the_default_model_when_it_qualifies()
    {
        var plan = Router().Plan(new RoutingHints(), 100, 100);

        Assert.Equal("us-mid", plan.Chain[0].Id);
        Assert.Equal("default", plan.Reason);
    }

    [Fact]
    public void Capability_compliance_and_region_filter_the_candidates()
    {
        var router = Router();

        Assert.Equal("eu-big", router.Plan(new RoutingHints(Capabilities: ["tool_use"]), 100, 100).Chain[0].Id);
        Assert.Equal("eu-big", router.Plan(new RoutingHints(Compliance: ["gdpr"]), 100, 100).Chain[0].Id);
        Assert.Equal("us-mid", router.Plan(new RoutingHints(Compliance: ["hipaa"], Priority: RoutingPriority.Budget), 100, 100).Chain[0].Id);
        Assert.Throws<NoQualifyingModelException>(() => router.Plan(new RoutingHints(Compliance: ["hipaa"], Region: "eu-west"), 100, 100));
    }

    [Fact]
    public void Budget_priority_takes_the_cheapest_and_long_prompts_go_to_a_model_that_fits()
    {
        var router = Router();

        var small = router.Plan(new RoutingHints(Priority: RoutingPriority.Budget), 1_000, 500);
        var large = router.Plan(new RoutingHints(Priority: RoutingPriority.Budget), 20_000, 1_000);
        var huge = router.Plan(new RoutingHints(Priority: RoutingPriority.Budget), 60_000, 1_000);

        Assert.Equal("cheap", small.Chain[0].Id);
        Assert.StartsWith("cheapest of 3", small.Reason, StringComparison.Ordinal);
        Assert.Equal("us-mid", large.Chain[0].Id);
        Assert.Equal("eu-big", huge.Chain[0].Id);
    }

    [Fact]
    public void Latency_priority_uses_observed_p95_over_the_class_objective()
    {
        var latency = new LatencyTracker();
        var router = Router(latency);
        var before = router.Plan(new RoutingHints(Priority: RoutingPriority.Latency), 100, 100);
        for (var i = 0; i < 10; i++)
        {
            latency.Record("us-mid", TimeSpan.FromSeconds(9));
            latency.Record("eu-big", TimeSpan.FromMilliseconds(300));
        }

        var after = router.Plan(new RoutingHints(Priority: RoutingPriority.Latency), 100, 100);

        Assert.Equal("us-mid", before.Chain[0].Id);
        Assert.Equal("eu-big", after.Chain[0].Id);
        Assert.Contains("observed", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_chain_follows_the_registry_and_skips_models_that_break_the_requirements()
    {
        var router = Router();

        var open = router.Plan(new RoutingHints(Model: "cheap"), 100, 100);
        var gdpr = router.Plan(new RoutingHints(Compliance: ["soc2"], Region: "us-east", Priority: RoutingPriority.Budget), 100, 100);

        Assert.Equal(["cheap", "eu-big", "us-mid"], open.Chain.Select(m => m.Id));
        Assert.Equal(["cheap", "us-mid"], gdpr.Chain.Select(m => m.Id));
    }
}
